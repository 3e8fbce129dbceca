#include "ui/screenshotter.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <cstdio>
#include <functional>

#include "ui/document.h"
#include "ui/mainwindow.h"
#include "ui/stackeditor.h"
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
    QObject::connect(window.trainingController(), &TrainingController::finished, &window,
                     [&finished] { finished = true; });
    QObject::connect(window.trainingController(), &TrainingController::failed, &window,
                     [&finished] { finished = true; });
    window.startTraining();
    if (!waitFor([&finished] { return finished; }, 120000)) return -1;
    waitFor([] { return false; }, 300);  // let the throttled chart redraw
    if (grab(&window, m_outDir + QStringLiteral("/training.png"))) ++written;
    return written;
}

}  // namespace byom::ui
