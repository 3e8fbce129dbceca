// SeparableConv1D: gradients, Keras's tensor names and shapes, equivalence with a depthwise
// layer followed by a 1x1 convolution.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec separable(int filters, int kernel, int strides, int dilation, const char* padding,
                    int mult, const char* activation = "linear") {
    return LayerSpec::of("separable_conv1d", {{"filters", filters},
                                              {"kernel_size", kernel},
                                              {"strides", strides},
                                              {"dilation_rate", dilation},
                                              {"padding", padding},
                                              {"depth_multiplier", mult},
                                              {"activation", activation}});
}

}  // namespace

class TestSeparableConv1D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("strides");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<int>("mult");
        QTest::addColumn<QString>("activation");
        QTest::newRow("valid") << 8 << 3 << 1 << 1 << "valid" << 1 << "linear";
        QTest::newRow("same stride 2 odd") << 9 << 3 << 2 << 1 << "same" << 2 << "gelu";
        QTest::newRow("dilation 2 same even") << 10 << 3 << 1 << 2 << "same" << 1 << "linear";
        QTest::newRow("softmax head") << 6 << 2 << 1 << 1 << "valid" << 2 << "softmax";
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, kernel);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(QString, padding);
        QFETCH(int, mult);
        QFETCH(QString, activation);
        const std::string pad = padding.toStdString();
        const std::string act = activation.toStdString();
        const std::vector<LayerSpec> specs = {
            separable(4, kernel, strides, dilation, pad.c_str(), mult, act.c_str()),
            LayerSpec::of("reshape", {{"target_shape", {-1}}})};
        BYOM_CHECK_GRADS(specs, (Shape{length, 3}), 3, true);
        // Last layer: the model takes the activation over.
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{specs[0]}, (Shape{length, 3}), 2, false);
    }

    void tensorsAndShapes() {
        Model<double> model({separable(16, 5, 1, 1, "same", 2)}, Shape{40, 4});
        QCOMPARE(model.outputShape(), (Shape{40, 16}));
        const auto t = model.layer(0).tensors();
        QCOMPARE(test::tensorNames(model.layer(0)),
                 (QStringList{QStringLiteral("depthwise_kernel"),
                              QStringLiteral("pointwise_kernel"), QStringLiteral("bias")}));
        QCOMPARE(t[0].shape, (std::vector<Index>{5, 4, 2}));
        QCOMPARE(t[1].shape, (std::vector<Index>{1, 8, 16}));
        QCOMPARE(t[2].shape, (std::vector<Index>{16}));
        QCOMPARE(test::tensorProblems(model.layer(0)), QString());
        QCOMPARE(model.paramCount(), Index(5 * 4 * 2 + 8 * 16 + 16));
        QCOMPARE(model.layer(0).flops(), 2LL * 40 * 5 * 8 + 2LL * 40 * 8 * 16);
        QVERIFY(test::shapeOrError(separable(4, 9, 1, 1, "valid", 1), Shape{5, 2})
                    .contains(QStringLiteral("kernel_size 9 is longer than the input length 5")));
    }

    void equalsDepthwiseThenPointwise() {
        const Shape in{11, 3};
        Model<double> sep({separable(5, 3, 2, 1, "same", 2)}, in);
        Model<double> two({LayerSpec::of("depthwise_conv1d", {{"kernel_size", 3},
                                                              {"strides", 2},
                                                              {"padding", "same"},
                                                              {"depth_multiplier", 2},
                                                              {"use_bias", false}}),
                           LayerSpec::of("conv1d", {{"filters", 5}, {"kernel_size", 1}})},
                          in);
        QCOMPARE(sep.paramCount(), two.paramCount());
        Rng rng(9);
        for (Index i = 0; i < sep.params().size(); ++i) sep.params()(i) = rng.normal();
        two.params() = sep.params();
        const Mat<double> x = test::randomMatrix(in.size(), 3, rng);
        const Mat<double> a = sep.forward(x, false);
        QVERIFY((a - two.forward(x, false)).cwiseAbs().maxCoeff() < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestSeparableConv1D)
#include "tst_separableconv1d.moc"
