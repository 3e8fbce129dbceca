// DepthwiseConv1D: gradients for several geometries and multipliers, shapes, a forward pass
// against a direct loop and Keras's kernel layout.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec depthwise(int kernel, int strides, int dilation, const char* padding, int mult,
                    const char* activation = "linear", bool bias = true) {
    return LayerSpec::of("depthwise_conv1d", {{"kernel_size", kernel},
                                              {"strides", strides},
                                              {"dilation_rate", dilation},
                                              {"padding", padding},
                                              {"depth_multiplier", mult},
                                              {"activation", activation},
                                              {"use_bias", bias}});
}

}  // namespace

class TestDepthwiseConv1D : public QObject {
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
        QTest::addColumn<bool>("bias");
        QTest::newRow("valid") << 8 << 3 << 1 << 1 << "valid" << 1 << "linear" << true;
        QTest::newRow("same odd length") << 9 << 3 << 1 << 1 << "same" << 1 << "relu6" << true;
        QTest::newRow("same even kernel multiplier 2")
            << 8 << 4 << 1 << 1 << "same" << 2 << "linear" << true;
        QTest::newRow("stride 2 same") << 9 << 3 << 2 << 1 << "same" << 3 << "tanh" << false;
        QTest::newRow("stride 2 valid even")
            << 10 << 3 << 2 << 1 << "valid" << 1 << "linear" << true;
        QTest::newRow("dilation 2 valid") << 9 << 3 << 1 << 2 << "valid" << 2 << "linear" << true;
        QTest::newRow("dilation 2 same") << 7 << 2 << 1 << 2 << "same" << 1 << "swish" << true;
        // Long enough for several runs of output rows (512 values, 171 rows of 3 channels).
        QTest::newRow("400 rows dilation 3 same")
            << 400 << 5 << 1 << 3 << "same" << 1 << "relu" << true;
        QTest::newRow("380 rows valid no bias")
            << 380 << 4 << 1 << 1 << "valid" << 1 << "linear" << false;
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, kernel);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(QString, padding);
        QFETCH(int, mult);
        QFETCH(QString, activation);
        QFETCH(bool, bias);
        const std::string pad = padding.toStdString();
        const std::string act = activation.toStdString();
        const std::vector<LayerSpec> specs = {
            depthwise(kernel, strides, dilation, pad.c_str(), mult, act.c_str(), bias),
            LayerSpec::of("reshape", {{"target_shape", {-1}}})};
        BYOM_CHECK_GRADS(specs, (Shape{length, 3}), 3, true);
    }

    void outputShapes_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("strides");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<int>("mult");
        QTest::addColumn<QString>("expected");
        QTest::newRow("valid") << 10 << 3 << 1 << "valid" << 1 << "(8, 3)";
        QTest::newRow("same multiplier 4") << 10 << 3 << 1 << "same" << 4 << "(10, 12)";
        QTest::newRow("same stride 3") << 10 << 3 << 3 << "same" << 2 << "(4, 6)";
        QTest::newRow("too long") << 4 << 5 << 1 << "valid" << 1
                                  << "error: kernel_size 5 is longer than the input length 4";
    }

    void outputShapes() {
        QFETCH(int, length);
        QFETCH(int, kernel);
        QFETCH(int, strides);
        QFETCH(QString, padding);
        QFETCH(int, mult);
        QFETCH(QString, expected);
        const QString got = test::shapeOrError(
            depthwise(kernel, strides, 1, padding.toStdString().c_str(), mult), Shape{length, 3});
        if (expected.startsWith(QStringLiteral("error: ")))
            QVERIFY2(got.contains(expected.mid(7)), qPrintable(got));
        else
            QCOMPARE(got, expected);
        QVERIFY(test::shapeOrError(depthwise(3, 1, 1, "same", 1), Shape{12})
                    .contains(QStringLiteral("(length, channels)")));
    }

    void forwardMatchesDirectLoop_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("strides");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<int>("mult");
        QTest::newRow("stride 2 multiplier 3 same") << 9 << 2 << 1 << "same" << 3;
        QTest::newRow("400 rows dilation 2 same") << 400 << 1 << 2 << "same" << 1;
        QTest::newRow("300 rows valid") << 300 << 1 << 1 << "valid" << 1;
    }

    void forwardMatchesDirectLoop() {
        QFETCH(int, length);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(QString, padding);
        QFETCH(int, mult);
        const Index len = length, c = 2, m = mult, k = 3, batch = 2;
        const std::string pad = padding.toStdString();
        Model<double> model({depthwise(k, strides, dilation, pad.c_str(), m)}, Shape{len, c});
        Rng rng(4);
        for (Index i = 0; i < model.params().size(); ++i) model.params()(i) = rng.normal();
        const Mat<double> x = test::randomMatrix(len * c, batch, rng);
        const Mat<double>& out = model.forward(x, false);
        const double* kernel = model.params().data();
        const double* bias = kernel + k * c * m;
        // Keras: "same" gives ceil(len / strides) rows and pads (rows-1)*s + span - len in
        // total, the smaller half on the left; "valid" gives len - span + 1 rows.
        const Index span = (k - 1) * dilation + 1;
        const Index rows = pad == "same" ? (len + strides - 1) / strides : len - span + 1;
        const Index padLeft =
            pad == "same" ? std::max<Index>((rows - 1) * strides + span - len, 0) / 2 : 0;
        if (len == 9) QCOMPARE(padLeft, Index(1));  // ceil(9/2) = 5 rows, 2 padded, 1 left
        QCOMPARE(out.rows(), Index(rows * c * m));
        for (Index b = 0; b < batch; ++b)
            for (Index o = 0; o < rows; ++o)
                for (Index ch = 0; ch < c; ++ch)
                    for (Index q = 0; q < m; ++q) {
                        double acc = bias[ch * m + q];
                        for (Index j = 0; j < k; ++j) {
                            const Index pos = o * strides - padLeft + j * dilation;
                            if (pos >= 0 && pos < len)
                                acc += x(pos * c + ch, b) * kernel[(j * c + ch) * m + q];
                        }
                        QVERIFY(std::abs(out((o * c + ch) * m + q, b) - acc) < 1e-12);
                    }
        const auto t = model.layer(0).tensors();
        QCOMPARE(t[0].shape, (std::vector<Index>{k, c, m}));
        QCOMPARE(test::tensorProblems(model.layer(0)), QString());
        QCOMPARE(model.layer(0).flops(), 2LL * rows * k * c * m);
    }
};

QTEST_GUILESS_MAIN(TestDepthwiseConv1D)
#include "tst_depthwiseconv1d.moc"
