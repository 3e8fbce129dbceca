#pragma once

#include <QObject>
#include <QString>
#include <QUndoStack>

#include "core/io/project.h"

namespace byom::ui {

/// Owns the open project and its undo stack. Everything that changes the project goes through
/// an undo command pushed here; views listen to the typed change signals.
class Document : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);

    const Project& project() const { return m_project; }
    QUndoStack* undoStack() { return &m_undoStack; }
    QString filePath() const { return m_filePath; }
    bool isModified() const { return !m_undoStack.isClean(); }
    /// The stack being edited (the project's first).
    const StackEntry& currentStack() const { return m_project.stacks.front(); }

    /// Replaces the project (open/new); clears the undo history. Throws nothing: returns false
    /// and fills `error` when the file cannot be read, leaving the document unchanged.
    bool load(const QString& path, QString* error);
    void reset(Project project, const QString& path = {});
    bool save(const QString& path, QString* error);

    /// Used by undo commands only.
    void setProjectFromCommand(Project project);

Q_SIGNALS:
    void projectReplaced();
    void stackChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);

private:
    Project m_project;
    QString m_filePath;
    QUndoStack m_undoStack;
};

/// A built-in example project (resources/examples/spirals.byom).
Project exampleProject();

}  // namespace byom::ui
