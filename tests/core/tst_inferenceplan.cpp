// InferencePlan: BatchNorm folded into the layer before it and Dropout dropped give the model's
// own inference outputs (random weights and moving statistics), big batches in chunks and on
// two threads equal one batch, and the stored model is never rewritten.

#include <QtTest>

#include "core/train/inferenceplan.h"
#include "core/registry/modelfactory.h"
#include "core/train/evaluation.h"
#include "core/util/error.h"

using namespace byom;

Q_DECLARE_METATYPE(std::vector<byom::LayerSpec>)

namespace {

LayerSpec conv(int filters, int kernel, const char* act = "linear", bool bias = true) {
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", kernel},
                                    {"padding", "same"},
                                    {"activation", act},
                                    {"use_bias", bias}});
}

LayerSpec bn() {
    return LayerSpec::of("batch_norm");
}

LayerSpec block(const std::string& kind, std::vector<LayerSpec> inner) {
    LayerSpec s = LayerSpec::of(kind);
    s.layers = std::move(inner);
    return s;
}

/// Weights, biases, gammas and betas off their initialisation, moving means around 0 and
/// moving variances from 0.1 to 3 (what trained BatchNorms hold).
void randomise(Model<float>& m, std::uint64_t seed) {
    m.init(seed);
    Rng rng(seed + 1);
    for (Index i = 0; i < m.paramCount(); ++i) m.params()[i] += float(rng.uniform() - 0.5);
    std::vector<TensorInfo> all;
    for (std::size_t l = 0; l < m.layerCount(); ++l)
        for (TensorInfo t : m.layer(l).tensors()) {
            if (t.trainable) continue;
            t.offset += m.stateOffset(l);
            all.push_back(t);
        }
    for (const TensorInfo& t : all) {
        Index n = 1;
        for (Index d : t.shape) n *= d;
        const bool var = t.name.find("variance") != std::string::npos;
        for (Index i = 0; i < n; ++i)
            m.state()[t.offset + i] =
                var ? float(0.1 + 2.9 * rng.uniform()) : float(2.0 * rng.normal());
    }
}

Mat<float> randomInputs(Index rows, Index cols, std::uint64_t seed) {
    Rng rng(seed);
    Mat<float> x(rows, cols);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
    return x;
}

/// Largest |a - b| / max(1, |b|).
double worstRelative(const Mat<float>& a, const Mat<float>& b) {
    double worst = 0;
    for (Index i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a.data()[i]) - double(b.data()[i])) /
                                    std::max(1.0, std::abs(double(b.data()[i]))));
    return worst;
}

}  // namespace

class TestInferencePlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void foldedEqualsUnfolded_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<std::vector<LayerSpec>>("specs");
        QTest::addColumn<int>("layersAfter");
        const LayerSpec relu = LayerSpec::of("activation", {{"activation", "relu"}});
        const LayerSpec drop = LayerSpec::of("dropout", {{"rate", 0.4}});
        const LayerSpec dense = LayerSpec::of("dense", {{"units", 5}});
        const LayerSpec softmax = LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}});
        QTest::newRow("dense, batch norm") << "7" << std::vector{dense, bn(), softmax} << 2;
        QTest::newRow("dense without bias, batch norm, last")
            << "7" << std::vector{LayerSpec::of("dense", {{"units", 4}, {"use_bias", false}}), bn()}
            << 1;
        QTest::newRow("conv, batch norm, relu, dropout")
            << "20,3"
            << std::vector{conv(6, 5), bn(), relu, drop, LayerSpec::of("global_avg_pool1d"),
                           softmax}
            << 4;
        QTest::newRow("conv without bias, batch norm")
            << "16,2" << std::vector{conv(4, 3, "linear", false), bn(), conv(3, 1), bn()} << 2;
        // A conv ending in relu cannot take the BatchNorm after it; nor can a first BatchNorm.
        QTest::newRow("relu conv, batch norm stays")
            << "12,2" << std::vector{bn(), conv(4, 3, "relu"), bn()} << 3;
        QTest::newRow("depthwise without bias, batch norm")
            << "18,4"
            << std::vector{LayerSpec::of("depthwise_conv1d", {{"kernel_size", 3},
                                                              {"depth_multiplier", 2},
                                                              {"padding", "same"},
                                                              {"use_bias", false}}),
                           bn(), relu}
            << 2;
        // The tcn's block: inside a residual, batch norms folded and the dropout gone.
        QTest::newRow("residual block")
            << "24,4"
            << std::vector{block("residual",
                                 {LayerSpec::of("depthwise_conv1d", {{"kernel_size", 5},
                                                                     {"dilation_rate", 2},
                                                                     {"padding", "same"},
                                                                     {"use_bias", false}}),
                                  bn(), relu, conv(4, 1, "linear", false), bn(), drop}),
                           drop}
            << 1;
        QTest::newRow("dropout alone stays") << "5" << std::vector{drop} << 1;
        // The windows that reach into the padding and those read in place, strided and not;
        // max pooling without its argmax.
        const auto strided = [](int filters, int kernel, int stride, const char* padding) {
            return LayerSpec::of("conv1d", {{"filters", filters},
                                            {"kernel_size", kernel},
                                            {"strides", stride},
                                            {"padding", padding}});
        };
        QTest::newRow("strided convs and pools")
            << "120,2"
            << std::vector{strided(5, 7, 2, "valid"),
                           bn(),
                           LayerSpec::of("max_pool1d",
                                         {{"pool_size", 3}, {"strides", 2}, {"padding", "same"}}),
                           strided(4, 4, 3, "same"),
                           strided(3, 6, 1, "same"),
                           strided(2, 9, 1, "valid"),
                           LayerSpec::of("flatten")}
            << 6;
    }

    void foldedEqualsUnfolded() {
        QFETCH(QString, input);
        QFETCH(std::vector<LayerSpec>, specs);
        QFETCH(int, layersAfter);
        Model<float> model(specs, Shape::parse(input.toStdString()));
        randomise(model, 5);
        const Vec<float> params = model.params();
        const Vec<float> state = model.state();
        const Mat<float> x = randomInputs(model.inputShape().size(), 9, 8);
        const Mat<float> want = model.forward(x, false);
        InferencePlan plan(model, 1);
        QCOMPARE(plan.model().layerCount(), std::size_t(layersAfter));
        const Mat<float> got = plan.run(x);
        QVERIFY2(worstRelative(got, want) < 1e-5,
                 qPrintable(QString::number(worstRelative(got, want))));
        // What is trained is what is shown: the stored model is untouched.
        QVERIFY(model.params() == params);
        QVERIFY(model.state() == state);
        QCOMPARE(model.layerCount(), specs.size());
        QVERIFY(worstRelative(model.forward(x, false), want) == 0);
    }

    void chunkedBatchesEqualOneBatch_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("2 threads") << 2;
    }

    void chunkedBatchesEqualOneBatch() {
        QFETCH(int, threads);
        // 400 x 16 + ... floats per sample: a chunk holds only some of the 75 samples.
        Model<float> model(
            {conv(16, 7), bn(), LayerSpec::of("activation", {{"activation", "relu"}}),
             LayerSpec::of("max_pool1d", {{"pool_size", 2}}), conv(24, 5, "relu"),
             LayerSpec::of("global_avg_pool1d"),
             LayerSpec::of("dense", {{"units", 4}, {"activation", "softmax"}})},
            Shape{400, 1});
        randomise(model, 3);
        InferencePlan plan(model, threads);
        QVERIFY2(plan.chunk() > 1 && plan.chunk() < 40, qPrintable(QString::number(plan.chunk())));
        const Mat<float> x = randomInputs(400, 75, 4);
        Mat<float> got;
        plan.run(x, got);
        QCOMPARE(got.cols(), x.cols());
        QVERIFY(worstRelative(got, model.forward(x, false)) < 1e-5);
        // Each sample alone gives its output in the batch; a second call reuses the buffers.
        for (Index j = 0; j < x.cols(); j += 7)
            QVERIFY(worstRelative(plan.run(x.col(j)), got.col(j)) < 1e-5);
        Mat<float> again;
        plan.run(x, again);
        if (threads == 1) QVERIFY(again == got);
        QVERIFY(worstRelative(again, got) < 1e-5);
    }

    void tcnExampleEqualsForwardPass() {
        const ModelFactory zoo = ModelFactory::withBuiltins();
        const Shape in{800, 1};
        Model<float> model(zoo.expand("tcn", in, zoo.get("tcn").example, 4), in);
        randomise(model, 9);
        const Mat<float> x = randomInputs(800, 5, 2);
        const Mat<float> want = model.forward(x, false);
        for (int threads : {1, 2}) {
            InferencePlan plan(model, threads);
            QVERIFY(worstRelative(plan.run(x), want) < 1e-5);
        }
        QVERIFY(worstRelative(predictAll(model, x), want) < 1e-5);
    }

    void preparedCopyOnlyInfers() {
        Model<float> model({LayerSpec::of("dense", {{"units", 3}}), bn()}, Shape{4});
        model.init(1);
        auto copy = model.clone();
        copy->prepareInference();
        QVERIFY(copy->inferenceOnly());
        QVERIFY(!model.inferenceOnly());
        const Mat<float> x = randomInputs(4, 2, 1);
        QVERIFY_THROWS_EXCEPTION(Error, copy->forward(x, true));
        QVERIFY_THROWS_EXCEPTION(Error, copy->clone());
        QVERIFY_THROWS_EXCEPTION(Error, InferencePlan(model).run(randomInputs(5, 2, 1)));
    }
};

QTEST_GUILESS_MAIN(TestInferencePlan)
#include "tst_inferenceplan.moc"
