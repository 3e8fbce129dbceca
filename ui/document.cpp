#include "ui/document.h"

#include <QFile>

#include "core/util/error.h"

namespace byom::ui {

Document::Document(QObject* parent) : QObject(parent) {
    m_project = exampleProject();
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

bool Document::load(const QString& path, QString* error) {
    try {
        Project p = loadProject(path.toStdString());
        if (p.stacks.empty()) throw Error(path.toStdString() + ": the project has no layer stack");
        reset(std::move(p), path);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void Document::reset(Project project, const QString& path) {
    m_project = std::move(project);
    m_undoStack.clear();
    m_filePath = path;
    Q_EMIT projectReplaced();
    Q_EMIT filePathChanged(path);
}

bool Document::save(const QString& path, QString* error) {
    try {
        saveProject(path.toStdString(), m_project);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    m_filePath = path;
    m_undoStack.setClean();
    Q_EMIT filePathChanged(path);
    return true;
}

void Document::setProjectFromCommand(Project project) {
    m_project = std::move(project);
    Q_EMIT stackChanged();
}

Project exampleProject() {
    QFile f(QStringLiteral(":/examples/spirals.byom"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("the built-in example project is missing");
    return Project::fromJson(json::parse(f.readAll().toStdString()));
}

}  // namespace byom::ui
