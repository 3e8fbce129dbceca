// Training learns: seeded runs on synthetic data reach a fixed accuracy and are reproducible.

#include <QtTest>
#include <chrono>
#include <thread>

#include "core/data/synthetic.h"
#include "core/registry/modelfactory.h"
#include "core/train/trainer.h"

using namespace byom;

namespace {

std::unique_ptr<Model<float>> spiralNet(int classes, int units = 32) {
    const json params = {
        {"layers",
         {{{"name", "dense"}, {"params", {{"units", units}, {"activation", "relu"}}}},
          {{"name", "dense"}, {"params", {{"units", units}, {"activation", "relu"}}}}}}};
    return ModelFactory::withBuiltins().build("stack", Shape{2}, params, classes);
}

}  // namespace

class TestTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void threeArmSpiralsAbove97Percent() {
        const Dataset data = makeSpirals({3000, 3, 0.03, 1});
        auto [train, test] = splitDataset(data, 0.2, 1);
        auto model = spiralNet(3, 64);
        model->init(1);
        TrainConfig config;
        config.epochs = 200;
        config.learningRate = 0.003;
        Trainer trainer(*model, config);
        const TrainResult r = trainer.fit(train, nullptr);
        QCOMPARE(r.reason, StopReason::Completed);
        QCOMPARE(r.history.epochs.size(), std::size_t(200));
        const Evaluation e = trainer.evaluate(test);
        qInfo("spirals test accuracy %.4f", e.accuracy);
        QVERIFY2(e.accuracy >= 0.97, qPrintable(QString::number(e.accuracy)));
        QVERIFY(r.history.epochs.back().loss < r.history.epochs.front().loss);
    }

    void sameSeedSameWeights() {
        const Dataset data = makeSpirals({300, 3, 0.05, 2});
        Vec<float> weights[2];
        for (auto& w : weights) {
            auto model = spiralNet(3);
            model->init(9);
            TrainConfig config;
            config.epochs = 3;
            Trainer(*model, config).fit(data, nullptr);
            w = model->params();
        }
        QVERIFY(weights[0] == weights[1]);
    }

    void stopTokenStopsAfterTheBatch() {
        const Dataset data = makeSpirals({640, 3, 0.05, 2});
        auto model = spiralNet(3);
        model->init(1);
        TrainConfig config;
        config.epochs = 50;
        TrainControl control;
        struct StopAtThird : TrainObserver {
            TrainControl* c;
            int batches = 0;
            void onBatchEnd(const BatchEvent&) override {
                if (++batches == 3) c->stop = true;
            }
        } observer;
        observer.c = &control;
        const TrainResult r = Trainer(*model, config).fit(data, nullptr, &observer, &control);
        QCOMPARE(r.reason, StopReason::Stopped);
        QCOMPARE(observer.batches, 3);
    }

    void divergenceKeepsLastGoodWeights() {
        const Dataset data = makeSpirals({200, 3, 0.05, 2});
        auto model = spiralNet(3);
        model->init(1);
        TrainConfig config;
        config.epochs = 50;
        config.learningRate = 10.0;
        config.optimizer = "sgd";
        Dataset poisoned = data;
        poisoned.x(0, 5) = std::numeric_limits<float>::infinity();
        const TrainResult r = Trainer(*model, config).fit(poisoned, nullptr);
        QCOMPARE(r.reason, StopReason::Diverged);
        QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("epoch 1, batch")),
                 r.message.c_str());
        QVERIFY(model->params().allFinite());
    }

    void nanMidRunKeepsTheLastFinishedEpoch() {
        // A NaN appears in the weights in the middle of epoch 4 (as a numeric fault would):
        // the next batch's loss is NaN, the run stops naming epoch 4, and the model is left
        // with exactly the weights it had at the end of epoch 3.
        const Dataset data = makeSpirals({300, 3, 0.05, 2});
        auto model = spiralNet(3);
        model->init(1);
        TrainConfig config;
        config.epochs = 10;
        config.learningRate = 0.01;
        struct Injector : TrainObserver {
            Model<float>* model = nullptr;
            Vec<float> atEpoch3;
            void onEpochEnd(const EpochRecord& r, int) override {
                if (r.epoch == 3) atEpoch3 = model->params();
            }
            void onBatchEnd(const BatchEvent& e) override {
                if (e.epoch == 4 && e.batch == 2) model->params()(0) = std::nanf("");
            }
        } injector;
        injector.model = model.get();
        const TrainResult r = Trainer(*model, config).fit(data, nullptr, &injector);
        QCOMPARE(r.reason, StopReason::Diverged);
        QVERIFY2(
            QString::fromStdString(r.message).contains(QStringLiteral("NaN at epoch 4, batch 3")),
            r.message.c_str());
        QVERIFY(model->params().allFinite());
        QVERIFY(model->params() == injector.atEpoch3);
    }

    void observerHearsEachPauseOnce() {
        // The observer pauses the run itself after epoch 2, batch 3 and resumes it from another
        // thread: onPause comes once, with that batch, and training then goes on to the end.
        const Dataset data = makeSpirals({300, 3, 0.05, 2});
        auto model = spiralNet(3);
        model->init(1);
        TrainConfig config;
        config.epochs = 4;
        TrainControl control;
        struct Pauser : TrainObserver {
            TrainControl* control = nullptr;
            std::vector<BatchEvent> pauses;
            std::thread resumer;
            void onBatchEnd(const BatchEvent& e) override {
                if (e.epoch == 2 && e.batch == 3) control->pause.store(true);
            }
            void onPause(const BatchEvent& e) override {
                pauses.push_back(e);
                resumer = std::thread([c = control] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    c->pause.store(false);
                });
            }
        } pauser;
        pauser.control = &control;
        const TrainResult r = Trainer(*model, config).fit(data, nullptr, &pauser, &control);
        if (pauser.resumer.joinable()) pauser.resumer.join();
        QCOMPARE(r.reason, StopReason::Completed);
        QCOMPARE(r.history.epochs.size(), std::size_t(4));
        QCOMPARE(pauser.pauses.size(), std::size_t(1));
        QCOMPARE(pauser.pauses[0].epoch, 2);
        QCOMPARE(pauser.pauses[0].batch, 3);
        QVERIFY(pauser.pauses[0].accuracy >= 0.0 && pauser.pauses[0].accuracy <= 1.0);
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "tst_training.moc"
