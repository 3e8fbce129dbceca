#include "ui/training/runviews.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QPointF>
#include <QProgressBar>
#include <cmath>
#include <memory>

#include "core/io/modelfile.h"
#include "core/project/trainingrequests.h"
#include "core/train/history.h"
#include "core/train/manifest.h"
#include "core/util/strings.h"
#include "ui/commands/addrun.h"
#include "ui/data/dataview.h"
#include "ui/document.h"
#include "ui/training/decisionboundaryview.h"
#include "ui/training/losschart.h"
#include "ui/training/metricspanel.h"
#include "ui/training/runspanel.h"
#include "ui/training/sequenceframesview.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/widgets/prompter.h"

namespace byom::ui {

RunViews::RunViews(Document* document, TrainingController* training, Prompter* prompter,
                   const Views& views, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_training(training),
      m_prompter(prompter),
      m_views(views) {
    qRegisterMetaType<byom::RunBoundary>("byom::RunBoundary");
    TrainingPanel* panel = m_views.trainingPanel;
    connect(training, &TrainingController::started, this, &RunViews::onStarted);
    connect(training, &TrainingController::started, panel, &TrainingPanel::runStarted);
    connect(training, &TrainingController::batchFinished, this, &RunViews::onBatch);
    connect(
        training, &TrainingController::batchFinished, panel,
        [panel](int epoch, int batch, int batches) { panel->batchDone(epoch, batch, batches); });
    connect(training, &TrainingController::epochFinished, this, &RunViews::onEpoch);
    connect(training, &TrainingController::epochFinished, panel, &TrainingPanel::epochDone);
    connect(training, &TrainingController::pointsReady, this,
            [this](const QList<QPointF>& points, const QList<int>& labels) {
                m_boundaryShown = true;
                m_views.boundary->setPoints(std::vector<QPointF>(points.begin(), points.end()),
                                            std::vector<int>(labels.begin(), labels.end()));
                m_views.boundaryDock->show();
                m_views.boundaryDock->raise();
            });
    connect(training, &TrainingController::decisionGridReady, m_views.boundary,
            &DecisionBoundaryView::setGrid);
    connect(training, &TrainingController::finished, this, &RunViews::onRunFinished);
    connect(training, &TrainingController::failed, this, &RunViews::onRunFailed);
    connect(document, &Document::projectReplaced, this, [this] {
        ++m_projectGeneration;
        ++m_boundaryRequest;
    });
    connect(document, &Document::dataShapeChanged, this, &RunViews::restoreBoundary);
    connect(document, &Document::dataShapeChanged, this, [this] {
        if (m_framesPending >= 0) showFrames(m_framesPending);
    });
    connect(m_views.runs, &RunsPanel::selectionChanged, this, &RunViews::showSelectedRuns);
    connect(m_views.runs, &RunsPanel::rerunRequested, this, &RunViews::rerun);
    // The Frames dock shows when a run's frames do (hidden, like the boundary, for other
    // data), and comes to the front for a run that just finished.
    m_views.framesDock->hide();
    connect(m_views.frames, &SequenceFramesView::framesShown, this, [this] {
        m_views.framesDock->show();
        if (!m_raiseFrames) return;
        m_raiseFrames = false;
        m_views.framesDock->raise();
    });
}

QString RunViews::projectDir() const {
    const QString path = m_document->filePath();
    return path.isEmpty() ? QString() : QFileInfo(path).absolutePath();
}

void RunViews::startTraining() {
    if (m_training->isRunning()) return;
    const StackEntry& stack = m_document->currentStack();
    TrainingRequest request;
    try {
        request =
            stackTrainingRequest(m_document->project(), stack.name, projectDir().toStdString());
    } catch (const std::exception& e) {
        onRunFailed(QString::fromStdString(e.what()));
        return;
    }
    beginRun(request, QString::fromStdString(stack.name), tr("Loading data..."));
}

void RunViews::rerun(int index) {
    if (m_training->isRunning()) return;
    const Project& project = m_document->project();
    if (index < 0 || index >= static_cast<int>(project.runs.size())) return;
    const RunRecord& run = project.runs[static_cast<std::size_t>(index)];
    TrainingRequest request;
    try {
        request = rerunRequest(project, run, projectDir().toStdString());
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot re-run"), QString::fromStdString(e.what()));
        return;
    }
    beginRun(request,
             run.stack.empty() ? QStringLiteral("stack") : QString::fromStdString(run.stack),
             tr("Re-running %1...").arg(QString::fromStdString(run.name)));
}

void RunViews::beginRun(const TrainingRequest& request, const QString& stackName,
                        const QString& status) {
    m_views.chart->clear();
    m_views.boundary->clear();
    m_views.frames->clear();
    m_boundaryShown = false;
    m_restoreBoundary = false;
    m_raiseFrames = false;
    m_framesPending = -1;
    ++m_boundaryRequest;
    m_runGeneration = m_projectGeneration;
    m_runTimer.start();
    m_training->start(request, stackName);
    Q_EMIT statusChanged(status);
}

void RunViews::onStarted(int epochs, qint64 samples) {
    m_views.progress->setRange(0, epochs * 1000);
    m_views.progress->setValue(0);
    m_views.progress->setVisible(true);
    Q_EMIT statusChanged(tr("Training on %1 samples...").arg(samples));
    // The boundary needs a classifier with two input features; otherwise it stays hidden.
    if (!m_boundaryShown) m_views.boundaryDock->hide();
}

void RunViews::onEpoch(const EpochRecord& r, int epochs) {
    m_views.chart->addEpoch(r.epoch, r.loss, r.valLoss, r.accuracy, r.valAccuracy);
    m_views.progress->setValue(r.epoch * 1000);
    const double elapsed = m_runTimer.elapsed() / 1000.0;
    const double left = elapsed / r.epoch * (epochs - r.epoch);
    QString text = tr("Epoch %1/%2  loss %3").arg(r.epoch).arg(epochs).arg(r.loss, 0, 'f', 4);
    if (std::isfinite(r.valAccuracy)) text += tr("  val accuracy %1").arg(r.valAccuracy, 0, 'f', 3);
    text += left < 0.5 ? tr("  under a second left") : tr("  %1 s left").arg(left, 0, 'f', 0);
    Q_EMIT statusChanged(text);
}

void RunViews::onBatch(int epoch, int batch, int batches, double loss, double accuracy) {
    m_views.progress->setValue((epoch - 1) * 1000 + batch * 1000 / std::max(1, batches));
    m_views.chart->addBatch(epoch - 1 + double(batch) / std::max(1, batches), loss, accuracy);
}

void RunViews::onRunFinished(bool stopped, const QString& message, const RunRecord& result) {
    m_views.progress->setVisible(false);
    RunRecord run = result;
    run.name = m_document->nextRunName();
    const QString name = QString::fromStdString(run.name);
    const QString text =
        stopped
            ? tr("%1 stopped (%2)").arg(name, message)
            : tr("%1 finished in %2")
                  .arg(name, QString::fromStdString(formatDuration(m_runTimer.elapsed() / 1e3)));
    Q_EMIT statusChanged(text);
    m_views.trainingPanel->runEnded(text);
    m_views.metrics->setMetrics(run.model.value("metrics", json::object()), name);
    if (!m_boundaryShown) m_views.metricsDock->raise();
    // A run started before New or Open belongs to the project that was closed.
    if (m_runGeneration != m_projectGeneration) return;
    m_document->undoStack()->push(new AddRun(m_document, std::move(run)));
    m_raiseFrames = true;
    showFrames(static_cast<int>(m_document->project().runs.size()) - 1);
}

void RunViews::showFrames(int index) {
    const Project& project = m_document->project();
    if (index < 0 || index >= static_cast<int>(project.runs.size())) return;
    const std::shared_ptr<const Dataset> data = m_views.dataView->dataset();
    m_framesPending = data ? -1 : index;  // shown once the data set has loaded
    if (!data || !data->sequenceTargets()) {
        m_views.frames->clear();
        if (data) m_views.framesDock->hide();
        return;
    }
    m_views.frames->showRun(project.runs[static_cast<std::size_t>(index)], data, project.data);
}

void RunViews::onRunFailed(const QString& message) {
    m_views.progress->setVisible(false);
    Q_EMIT statusChanged(tr("Training failed: %1").arg(message));
    m_views.trainingPanel->runEnded(tr("Training failed: %1").arg(message));
    m_prompter->warn(tr("Training failed"), message);
}

void RunViews::showSelectedRuns() {
    m_views.chart->setOverlays(m_views.runs->selectedCurves());
    const QList<int> selected = m_views.runs->selectedRuns();
    if (selected.size() != 1) return;
    showFrames(selected.first());
    const RunRecord& run =
        m_document->project().runs.at(static_cast<std::size_t>(selected.first()));
    m_views.metrics->setMetrics(run.model.value("metrics", json::object()),
                                QString::fromStdString(run.name));
}

void RunViews::clear() {
    m_views.chart->clear();
    m_views.metrics->clear();
    m_views.boundary->clear();
    m_views.frames->clear();
    m_boundaryShown = false;
    m_restoreBoundary = false;
    m_raiseFrames = false;
    m_framesPending = -1;
    ++m_boundaryRequest;
}

void RunViews::showLatestRun() {
    clear();
    // The boundary is drawn by a run in progress on two-feature data; none runs now.
    m_views.boundaryDock->hide();
    const std::vector<RunRecord>& runs = m_document->project().runs;
    if (runs.empty()) return;
    const RunRecord& run = runs.back();
    try {
        const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
        for (const EpochRecord& r : manifest.history.epochs)
            m_views.chart->addEpoch(r.epoch, r.loss, r.valLoss, r.accuracy, r.valAccuracy);
    } catch (const std::exception&) {
        // An imported model has no history: its metrics still show.
    }
    m_views.metrics->setMetrics(run.model.value("metrics", json::object()),
                                QString::fromStdString(run.name));
    m_views.metricsDock->raise();
    m_restoreBoundary = true;
    restoreBoundary();
}

void RunViews::restoreBoundary() {
    const std::shared_ptr<const Dataset> data = m_views.dataView->dataset();
    if (!m_restoreBoundary || !m_document->dataShape() || !data) return;  // not loaded yet
    m_restoreBoundary = false;
    const Project& project = m_document->project();
    showFrames(static_cast<int>(project.runs.size()) - 1);
    if (project.runs.empty() || data->task != Task::Classification || data->inputShape != Shape{2})
        return;
    // Reading the model, splitting and normalising the data set and evaluating the grid take
    // a while on a big data set: on a thread of its own, with copies of what it reads.
    const RunRecord run = project.runs.back();
    const std::string spec = project.data;
    const int request = ++m_boundaryRequest;
    m_threads.start([this, run, data, spec, request] {
        std::optional<RunBoundary> boundary;
        try {
            const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
            TrainedModel trained = modelFromJson(run.model, run.name);
            boundary = runBoundary(manifest, trained, *data, spec);
        } catch (const std::exception&) {
            // A run whose model or manifest does not read back shows no boundary.
        }
        if (boundary)
            QMetaObject::invokeMethod(
                this, [this, b = *boundary, request] { showBoundary(b, request); },
                Qt::QueuedConnection);
    });
}

void RunViews::showBoundary(const RunBoundary& b, int request) {
    // Dropped when another project was opened or a run started meanwhile.
    if (request != m_boundaryRequest) return;
    std::vector<QPointF> points;
    for (std::size_t i = 0; i < b.points.x.size(); ++i)
        points.emplace_back(b.points.x[i], b.points.y[i]);
    m_views.boundary->setPoints(std::move(points), b.points.labels);
    m_views.boundary->setGrid(b.grid);
    m_boundaryShown = true;
    m_views.boundaryDock->show();
}

}  // namespace byom::ui
