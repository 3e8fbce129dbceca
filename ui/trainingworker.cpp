#include "ui/trainingworker.h"

#include <chrono>

#include "core/data/dataspec.h"
#include "core/registry/modelfactory.h"
#include "core/train/trainer.h"

namespace byom::ui {

namespace {

/// Forwards trainer events as the worker's signals, at most ~30 batch events per second.
class SignalObserver : public TrainObserver {
public:
    explicit SignalObserver(TrainingWorker* worker) : m_worker(worker) {}
    void onBatchEnd(const BatchEvent& e) override {
        const auto now = std::chrono::steady_clock::now();
        if (e.batch != e.batches && now - m_last < std::chrono::milliseconds(33)) return;
        m_last = now;
        Q_EMIT m_worker->batchFinished(e.epoch, e.batch, e.batches, e.loss);
    }
    void onEpochEnd(const EpochRecord& r, int epochs) override {
        Q_EMIT m_worker->epochFinished(r, epochs);
    }

private:
    TrainingWorker* m_worker;
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace

void TrainingWorker::run(const Project& snapshot, const QString& projectDir) {
    try {
        const StackEntry& stack = snapshot.stack();
        const Dataset data =
            loadDataset(DataSpec::parse(snapshot.data), projectDir.toStdString());
        std::optional<int> classes;
        if (data.task == Task::Classification) classes = static_cast<int>(data.numClasses());
        TrainConfig config = snapshot.training;
        if (data.task == Task::Regression && config.loss == "categorical_crossentropy")
            config.loss = "mse";
        const ModelFactory factory = ModelFactory::forProject(snapshot);
        auto model = factory.build("stack", data.inputShape,
                                   {{"layers", LayerSpec::listToJson(stack.layers)}}, classes);
        model->init(config.seed);
        auto [train, val] = splitDataset(data, config.valSplit, config.seed);
        Trainer trainer(*model, config);
        Q_EMIT started(config.epochs, static_cast<qint64>(train.size()));
        SignalObserver observer(this);
        const TrainResult r = trainer.fit(train, val.size() ? &val : nullptr, &observer, m_control);
        if (r.reason == StopReason::Diverged) Q_EMIT failed(QString::fromStdString(r.message));
        else Q_EMIT finished(r.reason == StopReason::Stopped, QString::fromStdString(r.message));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

}  // namespace byom::ui
