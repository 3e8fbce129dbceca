#include "ui/screenshotter.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <cstdio>
#include <functional>
#include <memory>

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QSpinBox>

#include "ui/datadialog.h"
#include "ui/document.h"
#include "ui/mainwindow.h"
#include "ui/runspanel.h"
#include "ui/stackeditor.h"
#include "ui/syntheticdialog.h"
#include "ui/trainingcontroller.h"

namespace byom::ui {

namespace {

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

bool grab(QWidget* w, const QString& path) {
    QApplication::processEvents();
    const bool ok = w->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

}  // namespace

int Screenshotter::run() {
    QDir().mkpath(m_outDir);
    int written = 0;
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    waitFor([] { return false; }, 200);
    if (grab(&window, m_outDir + QStringLiteral("/main-window.png"))) ++written;

    // The designer: a layer selected, its properties on the right.
    window.stackEditor()->selectPaths({{1}});
    waitFor([] { return false; }, 200);
    if (grab(&window, m_outDir + QStringLiteral("/designer.png"))) ++written;

    // A shape error: dense layers on a (length, channels) input, with the Flatten fix offered.
    {
        MainWindow broken;
        Project p = broken.document()->project();
        p.stacks[0].name = "ecg-net";
        p.stacks[0].inputShape = Shape{800, 1};
        broken.document()->reset(p);
        broken.resize(1280, 800);
        broken.show();
        waitFor([] { return false; }, 200);
        if (grab(&broken, m_outDir + QStringLiteral("/validation-error.png"))) ++written;
    }

    bool finished = false;
    int epochs = 0;
    QObject::connect(window.trainingController(), &TrainingController::finished, &window,
                     [&finished] { finished = true; });
    QObject::connect(window.trainingController(), &TrainingController::failed, &window,
                     [&finished] { finished = true; });
    QObject::connect(window.trainingController(), &TrainingController::epochFinished, &window,
                     [&epochs] { ++epochs; });
    window.dock(QStringLiteral("trainingDock"))->raise();
    // Training in progress: a longer run held by Pause, so the shot shows it mid-way, then
    // stopped (kept as run 1).
    const Project original = window.document()->project();
    Project longer = original;
    longer.training.epochs = 400;
    window.document()->reset(longer);
    auto* pause = window.findChild<QAction*>(QStringLiteral("pauseAction"));
    window.startTraining();
    if (!waitFor([&] { return epochs >= 25 || finished; }, 120000)) return -1;
    if (pause) pause->setChecked(true);
    waitFor([] { return false; }, 300);
    if (grab(&window, m_outDir + QStringLiteral("/training-progress.png"))) ++written;
    if (pause) pause->setChecked(false);
    window.stopTraining();
    if (!waitFor([&finished] { return finished; }, 120000)) return -1;
    // The example's own run (run 2), to the end.
    Project again = window.document()->project();
    again.training = original.training;
    window.document()->reset(again);
    finished = false;
    window.startTraining();
    if (!waitFor([&finished] { return finished; }, 120000)) return -1;
    waitFor([] { return false; }, 300);  // let the throttled chart redraw
    if (grab(&window, m_outDir + QStringLiteral("/training.png"))) ++written;
    window.dock(QStringLiteral("boundaryDock"))->raise();
    if (grab(&window, m_outDir + QStringLiteral("/decision-boundary.png"))) ++written;
    window.dock(QStringLiteral("metricsDock"))->raise();
    if (grab(&window, m_outDir + QStringLiteral("/confusion-matrix.png"))) ++written;
    window.dock(QStringLiteral("dataDock"))->raise();
    window.dock(QStringLiteral("runsDock"))->raise();
    window.runsPanel()->selectRuns({0, 1});  // both runs' curves overlaid
    waitFor([] { return false; }, 200);
    if (grab(&window, m_outDir + QStringLiteral("/runs-and-data.png"))) ++written;

    if (!m_sampleCsv.isEmpty() && QFile::exists(m_sampleCsv)) {
        std::unique_ptr<DataDialog> dialog(window.createDataDialog());
        dialog->setPath(m_sampleCsv);
        dialog->setLabelColumn(QStringLiteral("species"));
        dialog->show();
        waitFor([&dialog] { return dialog->isReady(); }, 20000);
        if (grab(dialog.get(), m_outDir + QStringLiteral("/data-dialog.png"))) ++written;
    }
    {
        SyntheticDialog dialog("synthetic:ecg-rhythm?classes=4&length=800&n=1000&noise=0.05");
        dialog.show();
        waitFor([] { return false; }, 200);
        if (grab(&dialog, m_outDir + QStringLiteral("/synthetic-data.png"))) ++written;
        dialog.setGenerator(QStringLiteral("moons"));
        dialog.refreshPreview();
        if (grab(&dialog, m_outDir + QStringLiteral("/synthetic-moons.png"))) ++written;
    }
    return written;
}

}  // namespace byom::ui
