// Trainer features: early stopping, class weights, what Stop keeps, clipping, schedules.

#include <QtTest>

#include "core/data/ecgsegmentation.h"
#include "core/data/synthetic.h"
#include "core/registry/modelfactory.h"
#include "core/train/trainer.h"
#include "support/smalltcn.h"

using namespace byom;

namespace {

std::unique_ptr<Model<float>> smallNet(int classes, std::uint64_t seed = 1) {
    const json params = {{"layers", {{{"units", 16}, {"activation", "relu"}}}}};
    auto m = ModelFactory::withBuiltins().build("mlp", Shape{2}, params, classes);
    m->init(seed);
    return m;
}

/// A small per-time-step segmenter: (length, 1) in, (length, 4) out (softmax, or the logits).
std::unique_ptr<Model<float>> smallSegmenter(Index length, std::uint64_t seed = 1,
                                             bool logits = false) {
    return smallTcn(length, 4, {1, 2}, seed, logits);
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

    void balancedClassWeightsCountTimeSteps() {
        // Targets per time step: the counts are of time steps over the whole split,
        // n = samples * steps.
        Dataset d;
        d.task = Task::Classification;
        d.classNames = {"a", "b"};
        d.targetShape = Shape{4, 2};
        d.labels = {0, 0, 0, 1, 0, 0, 1, 1};  // 5 steps of a, 3 of b
        d.x = Mat<float>::Zero(4, 2);
        d.oneHotFromLabels();
        TrainConfig c;
        c.classWeights = "balanced";
        const auto w = Trainer::classWeights(c, d);
        QCOMPARE(w.size(), std::size_t(2));
        QCOMPARE(w[0], float(8.0 / (2 * 5)));
        QCOMPARE(w[1], float(8.0 / (2 * 3)));
        c.classWeights = "custom";
        c.classWeightValues = {1.0, 3.0};
        QCOMPARE(Trainer::classWeights(c, d), (std::vector<float>{1.0f, 3.0f}));

        // An unbalanced ECG set: background outnumbers the waves; each weight times its
        // class's steps is the same share, n / K.
        SyntheticOptions opt;
        opt.n = 30;
        opt.length = 128;
        const Dataset ecg = makeEcgSegmentation(opt);
        c.classWeights = "balanced";
        const auto balanced = Trainer::classWeights(c, ecg);
        const std::vector<Index> counts = ecg.classCounts();
        QCOMPARE(balanced.size(), std::size_t(4));
        QVERIFY(counts[0] > 2 * counts[1]);
        QVERIFY(balanced[0] < 1.0f && balanced[1] > 1.0f);
        for (std::size_t k = 0; k < 4; ++k)
            QVERIFY(std::abs(double(balanced[k]) * double(counts[k]) - 30.0 * 128 / 4) < 1e-3);
    }

    void balancedClassWeightsPerTimeStepShiftTheSegments() {
        // Weighting every time step by its class: the rare waves get predicted more often than
        // when unweighted, and a loss that cannot weigh steps is refused.
        SyntheticOptions opt;
        opt.n = 60;
        opt.length = 128;
        const Dataset data = makeEcgSegmentation(opt);
        auto background = [&](const std::string& weights) {
            auto model = smallSegmenter(128, 3);
            TrainConfig c;
            c.epochs = 4;
            c.batchSize = 16;
            c.learningRate = 0.01;
            c.classWeights = weights;
            Trainer(*model, c).fit(data, nullptr);
            const Mat<float>& out = model->forward(data.x, false);
            long long count = 0;
            for (Index j = 0; j < out.cols(); ++j)
                for (Index s = 0; s < 128; ++s) {
                    Index best = 0;
                    out.col(j).segment(s * 4, 4).maxCoeff(&best);
                    count += best == 0;
                }
            return count;
        };
        const long long none = background("none"), balanced = background("balanced");
        qInfo("background predicted at %lld time steps unweighted, %lld balanced", none, balanced);
        QVERIFY(balanced < none);
        auto model = smallSegmenter(128, 1, true);
        TrainConfig c;
        c.loss = "binary_crossentropy";
        c.classWeights = "balanced";
        try {
            Trainer(*model, c).fit(data, nullptr);
            QFAIL("binary cross-entropy weighed time steps");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("softmax loss") != std::string::npos, e.what());
        }
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
