#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <optional>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Writes the project to a recovery file once a minute while it is being edited, removes the
/// file when the project is saved or closed cleanly, and finds one left behind by a crash.
class Autosaver : public QObject {
    Q_OBJECT

public:
    /// What a crash left behind: the unsaved project and the file it belonged to.
    struct Recovery {
        Project project;
        QString path;
    };

    Autosaver(Document* document, QString recoveryPath, QObject* parent = nullptr);

    /// The default recovery file, in the application's data directory.
    static QString defaultPath();
    static std::optional<Recovery> pending(const QString& recoveryPath);

    QString recoveryPath() const { return m_path; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    /// Writes the recovery file now (when there are unsaved changes).
    bool saveNow();
    void discard();

private:
    Document* m_document;
    QString m_path;
    QTimer m_timer;
};

}  // namespace byom::ui
