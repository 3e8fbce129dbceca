#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

#include "core/project/project.h"
#include "core/train/decisiongrid.h"
#include "core/train/trainingjob.h"
#include "core/train/trainobserver.h"

namespace byom::ui {

/// Runs one training job on the controller's worker thread: loads the data, builds the model
/// the request describes, trains, and reports through queued signals. The GUI keeps editing
/// the document meanwhile; the job never touches it.
class TrainingWorker : public QObject {
    Q_OBJECT

public:
    explicit TrainingWorker(TrainControl* control) : m_control(control) {}

public Q_SLOTS:
    /// `stackName`: the stack the run is kept under.
    void run(const byom::TrainingRequest& request, const QString& stackName);

Q_SIGNALS:
    void started(int epochs, qint64 trainSamples);
    /// For two-feature data: the validation points (or training points) and their classes.
    void pointsReady(const QList<QPointF>& points, const QList<int>& labels);
    void batchFinished(int epoch, int batch, int batches, double loss, double accuracy);
    void epochFinished(const byom::EpochRecord& record, int epochs);
    /// The model's class regions after an epoch (two-feature classifiers only).
    void decisionGridReady(const byom::DecisionGrid& grid);
    /// `stopped`: the user stopped it; `message` says where and which weights were kept; `run`
    /// holds the manifest and the trained model, ready to be kept in the project.
    void finished(bool stopped, const QString& message, const byom::RunRecord& run);
    void failed(const QString& message);

private:
    TrainControl* m_control;
};

}  // namespace byom::ui
