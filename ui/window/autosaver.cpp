#include "ui/window/autosaver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include "core/io/projectfile.h"
#include "ui/document.h"

namespace byom::ui {

Autosaver::Autosaver(Document* document, QString recoveryPath, QObject* parent)
    : QObject(parent), m_document(document), m_path(std::move(recoveryPath)) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(60 * 1000);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::saveNow);
    // The minute starts with the first edit after the last autosave.
    connect(document->undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (!m_timer.isActive()) m_timer.start();
    });
    connect(document, &Document::modifiedChanged, this, [this](bool modified) {
        if (!modified) discard();
    });
    connect(document, &Document::projectReplaced, this, &Autosaver::discard);
}

QString Autosaver::defaultPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/recovery.byom-recovery");
}

bool Autosaver::saveNow() {
    if (!m_document->isModified()) return false;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    const json j = {{"format", "byom-recovery"},
                    {"path", m_document->filePath().toStdString()},
                    {"project", projectToJson(m_document->project())}};
    f.write(QByteArray::fromStdString(j.dump()));
    return f.commit();
}

void Autosaver::discard() {
    m_timer.stop();
    QFile::remove(m_path);
}

std::optional<Autosaver::Recovery> Autosaver::pending(const QString& recoveryPath) {
    QFile f(recoveryPath);
    if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
    try {
        const json j = json::parse(f.readAll().toStdString());
        if (j.value("format", "") != "byom-recovery") return std::nullopt;
        return Recovery{projectFromJson(j.at("project")),
                        QString::fromStdString(j.value("path", ""))};
    } catch (const std::exception&) {
        return std::nullopt;  // a damaged recovery file is not worth a question
    }
}

}  // namespace byom::ui
