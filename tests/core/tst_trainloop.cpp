// The training loop with every optimizer and loss: bit-identical weights for a seed on one
// thread, each loss and optimizer actually learning through the Trainer, partial last batches
// and evaluation between epochs.

#include <QtTest>
#include <cstring>

#include "core/data/synthetic.h"
#include "core/model/model.h"
#include "core/train/evaluation.h"
#include "core/train/threadcount.h"
#include "core/train/trainer.h"

using namespace byom;

namespace {

std::unique_ptr<Model<float>> net(const std::string& outAct, Index inputs, int outputs,
                                  std::uint64_t seed) {
    auto m = std::make_unique<Model<float>>(
        std::vector<LayerSpec>{
            LayerSpec::of("dense", {{"units", 24}, {"activation", "tanh"}}),
            LayerSpec::of("dense", {{"units", 24}, {"activation", "relu"}}),
            LayerSpec::of("dense", {{"units", outputs}, {"activation", outAct}})},
        Shape{inputs});
    m->init(seed);
    return m;
}

TrainConfig config(const std::string& optimizer, const std::string& loss) {
    TrainConfig c;
    c.optimizer = optimizer;
    c.loss = loss;
    c.epochs = 6;
    c.batchSize = 32;  // 250 samples: the last batch of each epoch is partial (26)
    c.learningRate = optimizer == "sgd" ? 0.1 : 0.01;
    c.seed = 5;
    return c;
}

std::string outputFor(const std::string& loss) {
    if (loss == "binary_crossentropy") return "sigmoid";
    if (loss.find("categorical") != std::string::npos) return "softmax";
    return "linear";
}

}  // namespace

class TestTrainLoop : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Without BYOM_THREADS the engine runs on one thread, whatever Eigen started with.
        qunsetenv("BYOM_THREADS");
        ThreadCount::set(2);
        QCOMPARE(ThreadCount::fromEnvironment(), 1);
        QCOMPARE(ThreadCount::get(), 1);
    }

    void sameSeedSameBits_data() {
        QTest::addColumn<QString>("optimizer");
        for (const std::string& o : optimizerNames())
            QTest::newRow(o.c_str()) << QString::fromStdString(o);
    }

    void sameSeedSameBits() {
        QFETCH(QString, optimizer);
        const Dataset data = makeSpirals({312, 3, 0.2, 3});
        auto [train, val] = splitDataset(data, 0.2, 1);
        std::vector<Vec<float>> results;
        for (int run = 0; run < 2; ++run) {
            auto model = net("softmax", 2, 3, 11);
            TrainConfig c = config(optimizer.toStdString(), "categorical_focal_crossentropy");
            c.clipNorm = 0.5;
            c.classWeights = "balanced";
            Trainer t(*model, c);
            const TrainResult r = t.fit(train, &val);
            QCOMPARE(r.reason, StopReason::Completed);
            results.push_back(model->params());
        }
        QCOMPARE(results[0].size(), results[1].size());
        QVERIFY(std::memcmp(results[0].data(), results[1].data(),
                            sizeof(float) * std::size_t(results[0].size())) == 0);
    }

    void everyLossLearns_data() {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<QString>("optimizer");
        for (const std::string& l : lossNames())
            for (const std::string& o : optimizerNames()) {
                const std::string row = l + "/" + o;
                QTest::newRow(row.c_str())
                    << QString::fromStdString(l) << QString::fromStdString(o);
            }
    }

    void everyLossLearns() {
        QFETCH(QString, loss);
        QFETCH(QString, optimizer);
        const std::string name = loss.toStdString();
        auto fn = makeLoss<float>(name);
        const Dataset data =
            fn->classification() ? makeBlobs({250, 3, 0.3, 2}) : makeSine({250, 1, 0.05, 2});
        auto model = net(outputFor(name), data.x.rows(), static_cast<int>(data.y.rows()), 3);
        TrainConfig c = config(optimizer.toStdString(), name);
        c.epochs = 15;
        Trainer t(*model, c);
        const double before = t.evaluate(data).loss;
        const TrainResult r = t.fit(data, &data);
        const double after = t.evaluate(data).loss;
        QVERIFY2(after < 0.7 * before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        // evaluate() between epochs does not disturb training: the last epoch's validation loss
        // is the loss of the final weights.
        QVERIFY(std::abs(r.history.epochs.back().valLoss - after) < 1e-6 * std::max(1.0, after));
    }

    void predictionChunksBoundTheBuffers() {
        // A small MLP predicts 512 rows at a time.
        QCOMPARE(evaluationChunk(*net("softmax", 2, 3, 1)), Index(512));
        // A wide conv on long frames holds 2.56M floats per sample in its output alone: the
        // chunk shrinks so that its buffers stay near 256 MiB instead of 512 x 10 MB.
        Model<float> conv({LayerSpec::of("conv1d", {{"filters", 128},
                                                    {"kernel_size", 3},
                                                    {"padding", "same"},
                                                    {"activation", "relu"}}),
                           LayerSpec::of("global_avg_pool1d", json::object()),
                           LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}})},
                          Shape{20000, 1});
        conv.init(3);
        const Index chunk = evaluationChunk(conv);
        QVERIFY2(chunk >= 1 && chunk < 16, qPrintable(QString::number(chunk)));
        // Rows split across chunks (the last one partial) get the outputs they get alone.
        Rng rng(9);
        Mat<float> x(20000, 2 * chunk + 3);
        for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.uniform() - 0.5);
        const Mat<float> all = predictAll(conv, x);
        QCOMPARE(all.cols(), x.cols());
        for (Index j = 0; j < x.cols(); ++j) {
            const Mat<float> one = conv.forward(x.col(j), false);
            QVERIFY2((all.col(j) - one.col(0)).cwiseAbs().maxCoeff() < 1e-5f,
                     qPrintable(QStringLiteral("row %1").arg(j)));
        }
    }

    void threadCountIsSettable() {
        ThreadCount::set(2);
        const int two = ThreadCount::get();
        ThreadCount::set(1);
        QCOMPARE(ThreadCount::get(), 1);
        QVERIFY(two == 1 || two == 2);  // 1 when built without OpenMP
    }
};

QTEST_GUILESS_MAIN(TestTrainLoop)
#include "tst_trainloop.moc"
