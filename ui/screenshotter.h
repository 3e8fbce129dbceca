#pragma once

#include <QObject>
#include <QString>

namespace byom::ui {

/// Renders the main views to PNG files (for docs/screenshots and for people reviewing the GUI
/// without a desktop): drives a real MainWindow through its states and grabs each one.
class Screenshotter : public QObject {
    Q_OBJECT

public:
    /// `sampleCsv`: a CSV file to show in the Open Data dialog (skipped when empty).
    explicit Screenshotter(QString outDir, QString sampleCsv = {})
        : m_outDir(std::move(outDir)), m_sampleCsv(std::move(sampleCsv)) {}
    /// Renders every view; returns the number of files written or -1 on failure.
    int run();

private:
    QString m_outDir;
    QString m_sampleCsv;
};

}  // namespace byom::ui
