#pragma once

#include <QObject>
#include <QString>

namespace byom::ui {

/// Renders the main views to PNG files (for docs/screenshots and for people reviewing the GUI
/// without a desktop): drives a real MainWindow through its states and grabs each one.
class Screenshotter : public QObject {
    Q_OBJECT

public:
    explicit Screenshotter(QString outDir) : m_outDir(std::move(outDir)) {}
    /// Renders every view; returns the number of files written or -1 on failure.
    int run();

private:
    QString m_outDir;
};

}  // namespace byom::ui
