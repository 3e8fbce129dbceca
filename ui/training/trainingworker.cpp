#include "ui/training/trainingworker.h"

#include <chrono>

#include "core/io/modelfile.h"
#include "core/train/runboundary.h"
#include "core/train/trainingjob.h"

namespace byom::ui {

namespace {

/// Forwards trainer events as the worker's signals, at most ~30 batch events per second, and
/// the decision grid after an epoch (at most ~5 per second) and when the run pauses, when the
/// model has two inputs.
class SignalObserver : public TrainObserver {
public:
    SignalObserver(TrainingWorker* worker, TrainingJob& job) : m_worker(worker), m_job(job) {}
    void onBatchEnd(const BatchEvent& e) override {
        const auto now = std::chrono::steady_clock::now();
        if (e.batch != e.batches && now - m_lastBatch < std::chrono::milliseconds(33)) return;
        m_lastBatch = now;
        Q_EMIT m_worker->batchFinished(e.epoch, e.batch, e.batches, e.loss, e.accuracy);
    }
    void onEpochEnd(const EpochRecord& r, int epochs) override {
        Q_EMIT m_worker->epochFinished(r, epochs);
        const auto now = std::chrono::steady_clock::now();
        if (showsBoundary() && (r.epoch == epochs || now - m_lastGrid >= kGridInterval)) emitGrid();
    }
    void onPause(const BatchEvent&) override {
        // A held run shows the boundary of the weights it holds, however recent the last was.
        if (showsBoundary()) emitGrid();
    }
    bool showsBoundary() const {
        return m_job.data().task == Task::Classification && m_job.data().inputShape.size() == 2;
    }

private:
    static constexpr std::chrono::milliseconds kGridInterval{200};

    void emitGrid() {
        // The model sees normalised inputs: draw the plane in the same coordinates as the points.
        const Dataset& shown = shownSplit(m_job.trainSet(), m_job.validationSet());
        Q_EMIT m_worker->decisionGridReady(computeDecisionGrid(m_job.model(), shown.x));
        m_lastGrid = std::chrono::steady_clock::now();
    }

    TrainingWorker* m_worker;
    TrainingJob& m_job;
    std::chrono::steady_clock::time_point m_lastBatch{};
    std::chrono::steady_clock::time_point m_lastGrid{};
};

}  // namespace

void TrainingWorker::run(const TrainingRequest& request, const QString& stackName) {
    try {
        TrainingJob job(request);
        job.prepare();
        SignalObserver observer(this, job);
        if (observer.showsBoundary()) {
            const BoundaryPoints p =
                boundaryPoints(shownSplit(job.trainSet(), job.validationSet()));
            QList<QPointF> points;
            for (std::size_t i = 0; i < p.x.size(); ++i) points.append(QPointF(p.x[i], p.y[i]));
            Q_EMIT pointsReady(points, QList<int>(p.labels.begin(), p.labels.end()));
        }
        Q_EMIT started(job.config().epochs, static_cast<qint64>(job.trainSet().size()));
        const TrainResult r = job.run(&observer, m_control);
        if (r.reason == StopReason::Diverged) {
            Q_EMIT failed(QString::fromStdString(r.message));
            return;
        }
        RunRecord run;
        run.stack = stackName.toStdString();
        run.manifest = job.manifest().toJson();
        run.model = modelToJson(job.trained());
        Q_EMIT finished(r.reason == StopReason::Stopped, QString::fromStdString(r.message), run);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

}  // namespace byom::ui
