#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

#include "core/train/runboundary.h"
#include "core/train/trainingjob.h"
#include "ui/widgets/workerthreads.h"

QT_BEGIN_NAMESPACE
class QDockWidget;
class QProgressBar;
QT_END_NAMESPACE

namespace byom {
struct EpochRecord;
struct RunRecord;
}  // namespace byom

namespace byom::ui {

class DataView;
class DecisionBoundaryView;
class Document;
class LossChart;
class MetricsPanel;
struct Prompter;
class RunsPanel;
class SequenceFramesView;
class TrainingController;
class TrainingPanel;

/// The views of training runs: starts a run of the current stack or a re-run of a kept one,
/// shows its progress (learning curves, progress bar, status, decision boundary), keeps it in
/// the project when it finishes (one undo step), and shows the latest kept run of an opened
/// project (its boundary computed off the GUI thread once the data set has loaded). A run with
/// outputs per time step shows its validation frames (the latest kept run, or the one run
/// selected in the runs panel).
class RunViews : public QObject {
    Q_OBJECT

public:
    /// The widgets it drives (owned by the window).
    struct Views {
        LossChart* chart;
        MetricsPanel* metrics;
        DecisionBoundaryView* boundary;
        RunsPanel* runs;
        TrainingPanel* trainingPanel;
        DataView* dataView;
        QProgressBar* progress;
        QDockWidget* boundaryDock;
        QDockWidget* metricsDock;
        SequenceFramesView* frames;
        QDockWidget* framesDock;
    };

    RunViews(Document* document, TrainingController* training, Prompter* prompter,
             const Views& views, QObject* parent = nullptr);

    /// Trains the current stack as it is.
    void startTraining();
    /// Trains again with a kept run's stack, data spec and config (seed included).
    void rerun(int index);
    /// The chart and metrics of the project's latest run (after opening a project), and its
    /// decision boundary once the data set has loaded.
    void showLatestRun();
    /// Empties the chart, metrics and boundary (a new project).
    void clear();
    /// Whether a kept run's boundary is being computed.
    bool isRestoringBoundary() const { return !m_threads.isEmpty(); }

Q_SIGNALS:
    void statusChanged(const QString& text);

private:
    void beginRun(const TrainingRequest& request, const QString& stackName, const QString& status);
    void onStarted(int epochs, qint64 samples);
    void onEpoch(const byom::EpochRecord& record, int epochs);
    void onBatch(int epoch, int batch, int batches, double loss, double accuracy);
    void onRunFinished(bool stopped, const QString& message, const byom::RunRecord& run);
    void onRunFailed(const QString& message);
    void showSelectedRuns();
    /// Computes the latest run's boundary on a thread when the data set it trained on has
    /// loaded and the run trained a classifier of two features on it; shows its frames when
    /// its outputs are per time step.
    void restoreBoundary();
    /// Shows the frames of kept run `index` on the loaded data set (when they suit it), or
    /// once the data set has loaded.
    void showFrames(int index);
    /// Draws a computed boundary unless a later request (a run, a project) superseded it.
    void showBoundary(const RunBoundary& boundary, int request);
    QString projectDir() const;

    Document* m_document;
    TrainingController* m_training;
    Prompter* m_prompter;
    Views m_views;
    QElapsedTimer m_runTimer;
    bool m_boundaryShown = false;
    bool m_restoreBoundary = false;  // an opened project waits for its data to draw it
    bool m_raiseFrames = false;      // a finished run's frames bring their dock to the front
    int m_framesPending = -1;        // the run whose frames wait for the data set to load
    int m_projectGeneration = 0;     // counts project replacements (new, open)
    int m_runGeneration = 0;         // the generation the running training belongs to
    int m_boundaryRequest = 0;       // counts boundary computations and what supersedes them
    WorkerThreads m_threads{this};   // boundaries being computed; joined on destruction
};

}  // namespace byom::ui
