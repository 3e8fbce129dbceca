// The layers whose loops run on the engine's threads (batch norm, convolutions, squeeze-excite,
// max pooling, dropout, residual sums, activations) compute the same bits on one thread and on two:
// outputs, parameter gradients, input gradients and moving statistics of a training step.

#include <QtTest>

#include "core/data/synthetic.h"
#include "core/model/model.h"
#include "core/train/threadcount.h"
#include "core/train/trainer.h"
#include "core/util/parallelranges.h"
#include "core/util/rng.h"

#include <algorithm>
#include <cmath>

using namespace byom;

namespace {

struct Step {
    Mat<float> output;
    Vec<float> grads;
    Mat<float> inputGrad;
    Vec<float> state;
};

Step trainingStep(const std::vector<LayerSpec>& specs, const Shape& input, Index batch,
                  int threads) {
    ThreadCount::set(threads);
    Model<float> model(specs, input);
    model.init(5);
    model.setComputeInputGrad(true);
    Rng rng(7);
    Mat<float> x(input.size(), batch);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
    Step s;
    s.output = model.forward(x, true);
    Mat<float> g(s.output.rows(), batch);
    for (Index i = 0; i < g.size(); ++i) g.data()[i] = float(rng.normal());
    model.backward(g);
    s.grads = model.grads();
    s.inputGrad = model.inputGrad();
    s.state = model.state();
    ThreadCount::set(1);
    return s;
}

}  // namespace

class TestLayerThreads : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameBitsOnTwoThreads_data() {
        QTest::addColumn<QString>("layers");
        QTest::addColumn<int>("batch");
        const char* stack = R"([
            {"name": "depthwise_conv1d", "params": {"kernel_size": 7, "padding": "same",
                                                    "dilation_rate": 2, "use_bias": false}},
            {"name": "batch_norm"},
            {"name": "activation", "params": {"activation": "swish"}},
            {"name": "squeeze_excite", "params": {"ratio": 4}},
            {"name": "conv1d", "params": {"filters": 16, "kernel_size": 1, "use_bias": false}},
            {"name": "depthwise_conv1d", "params": {"kernel_size": 5, "padding": "same"}},
            {"name": "activation", "params": {"activation": "softmax"}}])";
        QTest::newRow("batch norm") << R"([{"name": "batch_norm"}])" << 64;
        QTest::newRow("depthwise, bias") << R"([{"name": "depthwise_conv1d",
            "params": {"kernel_size": 7, "padding": "same"}}])"
                                         << 64;
        QTest::newRow("depthwise, valid") << R"([{"name": "depthwise_conv1d",
            "params": {"kernel_size": 3, "use_bias": false}}])"
                                          << 64;
        QTest::newRow("conv1d 1x1") << R"([{"name": "conv1d",
            "params": {"filters": 24, "kernel_size": 1}}])"
                                    << 64;
        QTest::newRow("conv1d, same") << R"([{"name": "conv1d",
            "params": {"filters": 24, "kernel_size": 5, "padding": "same"}}])"
                                      << 48;
        QTest::newRow("conv1d, dilated, valid, no bias") << R"([{"name": "conv1d",
            "params": {"filters": 8, "kernel_size": 3, "dilation_rate": 2, "use_bias": false}}])"
                                                         << 48;
        QTest::newRow("squeeze-excite") << R"([{"name": "squeeze_excite"}])" << 64;
        QTest::newRow("max pool, same") << R"([{"name": "max_pool1d",
            "params": {"pool_size": 3, "strides": 2, "padding": "same"}}])"
                                        << 64;
        QTest::newRow("spatial dropout") << R"([{"name": "dropout",
            "params": {"rate": 0.3, "spatial": true}}])"
                                         << 64;
        QTest::newRow("dropout") << R"([{"name": "dropout", "params": {"rate": 0.3}}])" << 64;
        QTest::newRow("residual, projected") << R"([{"name": "residual", "params": {
            "activation": "relu", "projection": "always"},
            "layers": [{"name": "conv1d", "params": {"filters": 16, "kernel_size": 3,
                                                     "padding": "same"}}]}])"
                                             << 64;
        QTest::newRow("residual, identity") << R"([{"name": "residual",
            "layers": [{"name": "batch_norm"}]}])"
                                            << 64;
        QTest::newRow("relu") << R"([{"name": "activation"}])" << 64;
        QTest::newRow("softmax") << R"([{"name": "activation",
            "params": {"activation": "softmax"}}])"
                                 << 64;
        QTest::newRow("a tcn block") << stack << 64;
        QTest::newRow("a tcn block, odd batch") << stack << 37;
        QTest::newRow("a tcn block, batch under the threshold") << stack << 2;
    }

    void sameBitsOnTwoThreads() {
        QFETCH(QString, layers);
        QFETCH(int, batch);
        ThreadCount::set(2);
        const bool two = ThreadCount::get() == 2;
        ThreadCount::set(1);
        if (!two) QSKIP("built without OpenMP: the engine runs on one thread only");
        const std::vector<LayerSpec> specs =
            LayerSpec::listFromJson(json::parse(layers.toStdString()), "layers");
        const Shape input{256, 16};
        QVERIFY(input.size() * batch >= kMinParallelValues || batch == 2);
        const Step one = trainingStep(specs, input, batch, 1);
        const Step twoThreads = trainingStep(specs, input, batch, 2);
        QVERIFY(one.output.allFinite() && one.grads.size() + one.inputGrad.size() > 0);
        QVERIFY(one.output == twoThreads.output);
        QVERIFY(one.grads == twoThreads.grads);
        QVERIFY(one.inputGrad == twoThreads.inputGrad);
        QVERIFY(one.state == twoThreads.state);
    }

    void trainingGivesTheSameWeightsOnTwoThreads() {
        // A small segmentation tcn trained through the Trainer: the weights, moving statistics
        // and history of two threads are those of one.
        ThreadCount::set(2);
        const bool two = ThreadCount::get() == 2;
        ThreadCount::set(1);
        if (!two) QSKIP("built without OpenMP: the engine runs on one thread only");
        SyntheticOptions o;
        o.n = 96;
        o.length = 256;
        const Dataset data = makeSynthetic("ecg-segmentation", o);
        const std::vector<LayerSpec> specs = LayerSpec::listFromJson(json::parse(R"([
            {"name": "conv1d", "params": {"filters": 16, "kernel_size": 5, "padding": "same",
                                          "use_bias": false}},
            {"name": "batch_norm"},
            {"name": "activation", "params": {"activation": "relu6"}},
            {"name": "depthwise_conv1d", "params": {"kernel_size": 7, "padding": "same",
                                                    "dilation_rate": 2, "use_bias": false}},
            {"name": "batch_norm"},
            {"name": "activation", "params": {"activation": "swish"}},
            {"name": "squeeze_excite", "params": {"ratio": 4}},
            {"name": "conv1d", "params": {"filters": 16, "kernel_size": 1, "use_bias": false}},
            {"name": "batch_norm"},
            {"name": "conv1d", "params": {"filters": 4, "kernel_size": 1,
                                          "activation": "softmax"}}])"),
                                                                     "layers");
        std::vector<Vec<float>> weights;
        std::vector<double> losses;
        for (int threads : {1, 2}) {
            ThreadCount::set(threads);
            Model<float> model(specs, Shape{256, 1});
            model.init(3);
            TrainConfig c;
            c.epochs = 2;
            c.batchSize = 32;
            c.learningRate = 0.01;
            c.seed = 4;
            Trainer trainer(model, c);
            const TrainResult r = trainer.fit(data, nullptr);
            ThreadCount::set(1);
            QCOMPARE(r.history.epochs.size(), std::size_t(2));
            weights.push_back(
                (Vec<float>(model.params().size() + model.state().size()) << model.params(),
                 model.state())
                    .finished());
            losses.push_back(r.history.epochs.back().loss);
        }
        QVERIFY(std::isfinite(losses[0]) && losses[0] < std::log(4.0));  // it learns something
        QVERIFY(weights[0] == weights[1]);
        QCOMPARE(losses[0], losses[1]);
    }

    void columnsSplitCoversEveryColumnOnce() {
        // parallelColumns hands out contiguous parts that tile the columns.
        ThreadCount::set(2);
        for (Index cols : {Index(1), Index(2), Index(3), Index(64), Index(1001)}) {
            std::vector<int> seen(static_cast<std::size_t>(cols), 0);
            parallelColumns(4096, cols, kMinParallelValues, [&](Index b, Index e) {
                for (Index j = b; j < e; ++j) ++seen[static_cast<std::size_t>(j)];
            });
            QVERIFY(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
        }
        ThreadCount::set(1);
    }
};

QTEST_GUILESS_MAIN(TestLayerThreads)
#include "tst_layerthreads.moc"
