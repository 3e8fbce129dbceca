// Trainer features: early stopping, class weights, what Stop keeps, clipping, schedules.

#include <QtTest>

#include "core/data/synthetic.h"
#include "core/registry/modelfactory.h"
#include "core/train/trainer.h"

using namespace byom;

namespace {

std::unique_ptr<Model<float>> smallNet(int classes, std::uint64_t seed = 1) {
    const json params = {{"layers", {{{"units", 16}, {"activation", "relu"}}}}};
    auto m = ModelFactory::withBuiltins().build("mlp", Shape{2}, params, classes);
    m->init(seed);
    return m;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void earlyStoppingStopsAndRestoresBest() {
        const Dataset data = makeSpirals({300, 3, 0.3, 4});
        auto [train, val] = splitDataset(data, 0.3, 1);
        auto model = smallNet(3);
        TrainConfig c;
        c.epochs = 400;
        c.learningRate = 0.05;
        c.earlyStopping.enabled = true;
        c.earlyStopping.patience = 5;
        Trainer t(*model, c);
        const TrainResult r = t.fit(train, &val);
        QCOMPARE(r.reason, StopReason::EarlyStopped);
        QVERIFY(r.history.epochs.size() < 400);
        QCOMPARE(int(r.history.epochs.size()) - r.bestEpoch, 5);
        QVERIFY(r.restoredBest);
        // The restored weights give the best epoch's validation loss.
        QVERIFY(std::abs(t.evaluate(val).loss - r.history.epochs[r.bestEpoch - 1].valLoss) < 1e-5);
    }

    void defaultPatienceIsAQuarterOfTheEpochs() {
        EarlyStopping es;
        QCOMPARE(es.effectivePatience(40), 10);
        es.patience = 3;
        QCOMPARE(es.effectivePatience(40), 3);
    }

    void balancedClassWeights() {
        Dataset d;
        d.task = Task::Classification;
        d.classNames = {"a", "b"};
        d.labels = {0, 0, 0, 1};
        d.x = Mat<float>::Zero(1, 4);
        TrainConfig c;
        c.classWeights = "balanced";
        const auto w = Trainer::classWeights(c, d);
        QCOMPARE(w.size(), std::size_t(2));
        QCOMPARE(w[0], 4.0f / (2 * 3));
        QCOMPARE(w[1], 4.0f / (2 * 1));
        c.classWeights = "custom";
        c.classWeightValues = {1.0};
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::classWeights(c, d));
    }

    void classWeightsShiftTheDecision() {
        // Overlapping blobs: weighting class 1 heavily makes the model predict it more often.
        const Dataset data = makeMoons({400, 2, 0.6, 3});
        auto count1 = [&](const std::string& weights) {
            auto model = smallNet(2, 5);
            TrainConfig c;
            c.epochs = 15;
            c.learningRate = 0.02;
            c.classWeights = weights;
            c.classWeightValues = {1.0, 20.0};
            Trainer(*model, c).fit(data, nullptr);
            const Mat<float>& out = model->forward(data.x, false);
            return (out.row(1).array() > out.row(0).array()).count();
        };
        QVERIFY(count1("custom") > count1("none") + 20);
    }

    void stopKeepsBestOrLast() {
        const Dataset data = makeSpirals({300, 3, 0.05, 4});
        for (const std::string keep : {"best", "last"}) {
            auto model = smallNet(3);
            TrainConfig c;
            c.epochs = 100;
            c.onStop = keep;
            TrainControl control;
            struct StopAt : TrainObserver {
                TrainControl* c;
                void onEpochEnd(const EpochRecord& r, int) override {
                    if (r.epoch == 5) c->stop = true;
                }
            } obs;
            obs.c = &control;
            const TrainResult r = Trainer(*model, c).fit(data, nullptr, &obs, &control);
            QCOMPARE(r.reason, StopReason::Stopped);
            QCOMPARE(r.restoredBest, keep == "best");
            QVERIFY(QString::fromStdString(r.message).contains(
                keep == "best" ? QStringLiteral("epoch") : QStringLiteral("last")));
        }
    }

    void clippingBoundsTheStep() {
        // With SGD and clipnorm, one step moves the parameters by at most lr * clipnorm.
        const Dataset data = makeSpirals({64, 3, 0.05, 4});
        auto model = smallNet(3);
        const Vec<float> before = model->params();
        TrainConfig c;
        c.epochs = 1;
        c.batchSize = 64;
        c.optimizer = "sgd";
        c.learningRate = 1.0;
        c.clipNorm = 1e-3;
        c.shuffle = false;
        Trainer(*model, c).fit(data, nullptr);
        QVERIFY((model->params() - before).norm() <= 1e-3 * 1.0001);
    }

    void scheduleIsRecordedPerEpoch() {
        const Dataset data = makeSpirals({64, 3, 0.05, 4});
        auto model = smallNet(3);
        TrainConfig c;
        c.epochs = 3;
        c.batchSize = 64;  // one step per epoch
        c.learningRate = 0.1;
        c.schedule.kind = "step";
        c.schedule.stepSize = 1;
        c.schedule.factor = 0.5;
        const TrainResult r = Trainer(*model, c).fit(data, nullptr);
        QCOMPARE(r.history.epochs[0].learningRate, 0.1);
        QCOMPARE(r.history.epochs[2].learningRate, 0.025);
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
