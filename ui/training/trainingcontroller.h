#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QThread>
#include <memory>

#include "core/project/project.h"
#include "core/train/decisiongrid.h"
#include "core/train/trainingjob.h"
#include "core/train/trainobserver.h"

namespace byom::ui {

class TrainingWorker;

/// Owns the training thread and its worker (Qt's worker/controller pattern). start() hands the
/// worker the request (see core/project/trainingrequests.h); stop() and pause() set atomic flags
/// the trainer checks after every batch. The thread is quit and joined on destruction.
class TrainingController : public QObject {
    Q_OBJECT

public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_control.pause.load(); }
    /// Starts a run of `request`, kept under `stackName` when it finishes; ignored while one
    /// is running.
    void start(const TrainingRequest& request, const QString& stackName);
    void stop();
    void setPaused(bool paused);

Q_SIGNALS:
    void started(int epochs, qint64 trainSamples);
    void batchFinished(int epoch, int batch, int batches, double loss, double accuracy);
    void pointsReady(const QList<QPointF>& points, const QList<int>& labels);
    void epochFinished(const byom::EpochRecord& record, int epochs);
    void decisionGridReady(const byom::DecisionGrid& grid);
    void finished(bool stopped, const QString& message, const byom::RunRecord& run);
    void failed(const QString& message);
    void runningChanged(bool running);

private:
    void setRunning(bool running);

    QThread m_thread;
    TrainControl m_control;
    TrainingWorker* m_worker;  // lives on m_thread, deleted when it finishes
    bool m_running = false;
};

}  // namespace byom::ui
