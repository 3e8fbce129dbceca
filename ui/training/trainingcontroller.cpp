#include "ui/training/trainingcontroller.h"

#include "ui/training/trainingworker.h"

namespace byom::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<byom::EpochRecord>("byom::EpochRecord");
    qRegisterMetaType<byom::RunRecord>("byom::RunRecord");
    qRegisterMetaType<byom::DecisionGrid>("byom::DecisionGrid");
    m_worker = new TrainingWorker(&m_control);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::started, this, &TrainingController::started);
    connect(m_worker, &TrainingWorker::batchFinished, this, &TrainingController::batchFinished);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingController::epochFinished);
    connect(m_worker, &TrainingWorker::pointsReady, this, &TrainingController::pointsReady);
    connect(m_worker, &TrainingWorker::decisionGridReady, this,
            &TrainingController::decisionGridReady);
    connect(m_worker, &TrainingWorker::finished, this,
            [this](bool stopped, const QString& msg, const byom::RunRecord& run) {
                setRunning(false);
                Q_EMIT finished(stopped, msg, run);
            });
    connect(m_worker, &TrainingWorker::failed, this, [this](const QString& msg) {
        setRunning(false);
        Q_EMIT failed(msg);
    });
    m_thread.setObjectName(QStringLiteral("training"));
    m_thread.start();
}

TrainingController::~TrainingController() {
    m_control.stop = true;
    m_thread.quit();
    m_thread.wait();
}

void TrainingController::start(const TrainingRequest& request, const QString& stackName) {
    if (m_running) return;
    m_control.stop = false;
    m_control.pause = false;
    setRunning(true);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, request, stackName] { worker->run(request, stackName); },
        Qt::QueuedConnection);
}

void TrainingController::stop() {
    m_control.stop = true;
    m_control.pause = false;
}

void TrainingController::setPaused(bool paused) {
    m_control.pause = paused;
}

void TrainingController::setRunning(bool running) {
    if (m_running == running) return;
    m_running = running;
    Q_EMIT runningChanged(running);
}

}  // namespace byom::ui
