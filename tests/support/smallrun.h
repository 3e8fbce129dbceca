#pragma once

#include <QSignalSpy>
#include <string>

#include "ui/document.h"
#include "ui/training/trainingcontroller.h"
#include "ui/window/mainwindow.h"

/// The window's example project set to train for `epochs` on a few spiral points (fast).
inline void useSmallRun(byom::ui::MainWindow& w, int epochs,
                        const std::string& data = "synthetic:spirals?n=300&classes=3&seed=1") {
    byom::Project p = w.document()->project();
    p.training.epochs = epochs;
    p.data = data;
    w.document()->reset(p);
}

/// Starts training from the window and waits (up to two minutes) until the run finishes.
inline bool trainToEnd(byom::ui::MainWindow& w) {
    QSignalSpy finished(w.trainingController(), &byom::ui::TrainingController::finished);
    w.startTraining();
    return finished.wait(120000) || finished.count() == 1;
}
