// Conv1D: gradients for many geometries, Keras output shapes and errors, a forward pass
// against a direct loop, the 1x1 fast path and the named tensors.

#include <QtTest>

#include "core/layers/conv1d.h"
#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec conv(int filters, const json& kernel, int strides, int dilation, const char* padding,
               const char* activation = "linear", bool bias = true) {
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", kernel},
                                    {"strides", strides},
                                    {"dilation_rate", dilation},
                                    {"padding", padding},
                                    {"activation", activation},
                                    {"use_bias", bias}});
}

/// out[f, o] of one sample by the definition: sum over taps and channels, zero padding.
Mat<double> naiveConv(const Mat<double>& x, const double* kernel, const double* bias, Index len,
                      Index channels, Index filters, Index k, Index stride, Index dilation,
                      bool same) {
    Index lout, padLeft = 0;
    const Index span = (k - 1) * dilation + 1;
    if (same) {
        lout = (len + stride - 1) / stride;
        padLeft = std::max<Index>((lout - 1) * stride + span - len, 0) / 2;
    } else {
        lout = (len - span) / stride + 1;
    }
    Mat<double> out(lout * filters, x.cols());
    for (Index b = 0; b < x.cols(); ++b)
        for (Index o = 0; o < lout; ++o)
            for (Index f = 0; f < filters; ++f) {
                double acc = bias ? bias[f] : 0.0;
                for (Index j = 0; j < k; ++j) {
                    const Index pos = o * stride - padLeft + j * dilation;
                    if (pos < 0 || pos >= len) continue;
                    for (Index c = 0; c < channels; ++c)
                        acc += x(pos * channels + c, b) * kernel[(j * channels + c) * filters + f];
                }
                out(o * filters + f, b) = acc;
            }
    return out;
}

}  // namespace

class TestConv1D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("filters");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("strides");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<QString>("activation");
        QTest::addColumn<bool>("training");
        QTest::newRow("k3 valid") << 8 << 2 << 3 << 3 << 1 << 1 << "valid"
                                  << "linear" << true;
        QTest::newRow("k3 same odd") << 9 << 2 << 3 << 3 << 1 << 1 << "same"
                                     << "linear" << true;
        QTest::newRow("k4 same even kernel") << 8 << 3 << 2 << 4 << 1 << 1 << "same"
                                             << "tanh" << true;
        QTest::newRow("stride 2 valid odd") << 9 << 2 << 3 << 3 << 2 << 1 << "valid"
                                            << "linear" << true;
        QTest::newRow("stride 2 same even") << 10 << 2 << 3 << 3 << 2 << 1 << "same"
                                            << "sigmoid" << true;
        QTest::newRow("stride 3 same k5") << 11 << 1 << 2 << 5 << 3 << 1 << "same"
                                          << "linear" << false;
        QTest::newRow("dilation 2 valid") << 9 << 2 << 2 << 3 << 1 << 2 << "valid"
                                          << "linear" << true;
        QTest::newRow("dilation 3 same") << 8 << 2 << 2 << 3 << 1 << 3 << "same"
                                         << "elu" << false;
        QTest::newRow("1x1 pointwise") << 6 << 3 << 4 << 1 << 1 << 1 << "valid"
                                       << "linear" << true;
        QTest::newRow("1x1 strided") << 7 << 3 << 2 << 1 << 2 << 1 << "same"
                                     << "linear" << true;
        QTest::newRow("kernel = length") << 5 << 2 << 3 << 5 << 1 << 1 << "valid"
                                         << "softmax" << true;
        QTest::newRow("kernel > length same") << 3 << 2 << 2 << 5 << 1 << 1 << "same"
                                              << "linear" << true;
        // 8 channels and more at stride 1: the taps' products on the shifted input.
        QTest::newRow("shifts k3 same") << 7 << 8 << 3 << 3 << 1 << 1 << "same"
                                        << "linear" << true;
        QTest::newRow("shifts k4 same even kernel") << 6 << 9 << 2 << 4 << 1 << 1 << "same"
                                                    << "tanh" << true;
        QTest::newRow("shifts dilation 2 valid") << 9 << 8 << 3 << 3 << 1 << 2 << "valid"
                                                 << "linear" << true;
        QTest::newRow("shifts dilation 3 same, inference") << 8 << 10 << 2 << 3 << 1 << 3 << "same"
                                                           << "elu" << false;
        QTest::newRow("shifts kernel > length same") << 3 << 8 << 2 << 5 << 1 << 1 << "same"
                                                     << "linear" << true;
    }

    void shiftsOverSeveralChunks() {
        // Eleven samples: the kernel gradients of backwardShifts' chunks of eight added up,
        // with and without a bias.
        for (bool bias : {true, false}) {
            const std::vector<LayerSpec> specs = {
                conv(3, 5, 1, 2, "same", "linear", bias),
                LayerSpec::of("reshape", {{"target_shape", {-1}}})};
            BYOM_CHECK_GRADS(specs, (Shape{12, 8}), 11, true);
        }
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, channels);
        QFETCH(int, filters);
        QFETCH(int, kernel);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(QString, padding);
        QFETCH(QString, activation);
        QFETCH(bool, training);
        const std::string pad = padding.toStdString();
        const std::string act = activation.toStdString();
        // A trailing reshape keeps the activation inside the conv layer (checked in place).
        const std::vector<LayerSpec> specs = {
            conv(filters, kernel, strides, dilation, pad.c_str(), act.c_str()),
            LayerSpec::of("reshape", {{"target_shape", {-1}}})};
        BYOM_CHECK_GRADS(specs, (Shape{length, channels}), 3, training);
        // And as the last layer, where the model takes the activation over.
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{conv(filters, kernel, strides, dilation,
                                                     pad.c_str(), act.c_str())},
                         (Shape{length, channels}), 2, training);
    }

    void noBias() {
        const std::vector<LayerSpec> specs = {conv(3, 3, 1, 1, "same", "linear", false)};
        Model<double> model(specs, Shape{6, 2});
        QCOMPARE(model.paramCount(), Index(3 * 2 * 3));
        BYOM_CHECK_GRADS(specs, (Shape{6, 2}), 2, true);
    }

    void outputShape_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("kernel");  // JSON
        QTest::addColumn<int>("strides");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<QString>("expected");  // shape or "error: <fragment>"
        QTest::newRow("valid") << 10 << "3" << 1 << 1 << "valid"
                               << "(8, 4)";
        QTest::newRow("same") << 10 << "3" << 1 << 1 << "same"
                              << "(10, 4)";
        QTest::newRow("valid stride 2") << 10 << "3" << 2 << 1 << "valid"
                                        << "(4, 4)";
        QTest::newRow("same stride 2") << 10 << "3" << 2 << 1 << "same"
                                       << "(5, 4)";
        QTest::newRow("same stride 3 odd") << 7 << "4" << 3 << 1 << "same"
                                           << "(3, 4)";
        QTest::newRow("valid stride 3 odd") << 7 << "4" << 3 << 1 << "valid"
                                            << "(2, 4)";
        QTest::newRow("valid dilation 2") << 10 << "3" << 1 << 2 << "valid"
                                          << "(6, 4)";
        QTest::newRow("HeartKit pair") << 800 << "[1, 7]" << 2 << 1 << "same"
                                       << "(400, 4)";
        QTest::newRow("ECG frame valid k7") << 800 << "7" << 1 << 1 << "valid"
                                            << "(794, 4)";
        QTest::newRow("kernel too long")
            << 5 << "9" << 1 << 1 << "valid"
            << "error: kernel_size 9 is longer than the input length 5 "
               "with padding valid";
        QTest::newRow("dilated span too long")
            << 5 << "3" << 1 << 3 << "valid"
            << "error: kernel_size 3 with dilation_rate 3 spans 7";
        QTest::newRow("strides with dilation") << 10 << "3" << 2 << 2 << "same"
                                               << "error: strides 2 together with dilation_rate 2";
        QTest::newRow("bad pair") << 10 << "[2, 7]" << 1 << 1 << "same"
                                  << "error: must be an integer or a pair [1, n]";
        QTest::newRow("kernel over the maximum") << 10 << "5000" << 1 << 1 << "same"
                                                 << "error: 4096";
    }

    void outputShape() {
        QFETCH(int, length);
        QFETCH(QString, kernel);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(QString, padding);
        QFETCH(QString, expected);
        QString got;
        try {
            const LayerSpec spec = conv(4, json::parse(kernel.toStdString()), strides, dilation,
                                        padding.toStdString().c_str());
            got = test::shapeOrError(spec, Shape{length, 2});
        } catch (const std::exception& e) {
            got = QStringLiteral("error: ") + QString::fromUtf8(e.what());
        }
        if (expected.startsWith(QStringLiteral("error: "))) {
            QVERIFY2(got.startsWith(QStringLiteral("error: ")), qPrintable(got));
            QVERIFY2(got.contains(expected.mid(7)), qPrintable(got));
        } else {
            QCOMPARE(got, expected);
        }
    }

    void refusesFlatInputs() {
        const QString e = test::shapeOrError(conv(4, 3, 1, 1, "same"), Shape{64});
        QVERIFY2(e.contains(QStringLiteral("needs a (length, channels) input")), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("layers[0]")), qPrintable(e));
    }

    void refusesAbsurdSizesBeforeAllocating() {
        // 65536 filters of 4096 taps over 65536 channels: refused by the parameter cap.
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 Model<float>({conv(65536, 4096, 1, 1, "same")}, Shape{10, 65536}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, LayerSpec::of("conv1d", {{"filters", 70000}}));
    }

    void forwardMatchesDirectLoop_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("strides");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<bool>("same");
        QTest::newRow("valid") << 12 << 3 << 1 << 1 << false;
        QTest::newRow("same even kernel") << 12 << 4 << 1 << 1 << true;
        QTest::newRow("same stride 2 odd") << 13 << 5 << 2 << 1 << true;
        QTest::newRow("valid stride 3") << 13 << 3 << 3 << 1 << false;
        QTest::newRow("same dilation 2") << 11 << 3 << 1 << 2 << true;
        QTest::newRow("valid dilation 4") << 11 << 2 << 1 << 4 << false;
        QTest::newRow("pointwise") << 9 << 1 << 1 << 1 << false;
        QTest::newRow("pointwise strided same") << 9 << 1 << 2 << 1 << true;
    }

    void forwardMatchesDirectLoop() {
        QFETCH(int, length);
        QFETCH(int, kernel);
        QFETCH(int, strides);
        QFETCH(int, dilation);
        QFETCH(bool, same);
        const Index channels = 3, filters = 5, batch = 4;
        Model<double> model({conv(filters, kernel, strides, dilation, same ? "same" : "valid")},
                            Shape{length, channels});
        model.init(1);
        Rng rng(2);
        for (Index i = 0; i < model.params().size(); ++i) model.params()(i) = rng.normal();
        const Mat<double> x = test::randomMatrix(length * channels, batch, rng);
        const Mat<double> expected =
            naiveConv(x, model.params().data(), model.params().data() + kernel * channels * filters,
                      length, channels, filters, kernel, strides, dilation, same);
        const Mat<double>& out = model.forward(x, false);
        QCOMPARE(out.rows(), expected.rows());
        QVERIFY2((out - expected).cwiseAbs().maxCoeff() < 1e-12,
                 qPrintable(QString::number((out - expected).cwiseAbs().maxCoeff())));
        // A second batch of another size reuses the buffers correctly.
        const Mat<double> x2 = test::randomMatrix(length * channels, 2, rng);
        const Mat<double> expected2 = naiveConv(
            x2, model.params().data(), model.params().data() + kernel * channels * filters, length,
            channels, filters, kernel, strides, dilation, same);
        QVERIFY((model.forward(x2, false) - expected2).cwiseAbs().maxCoeff() < 1e-12);
    }

    void tensorsInKerasOrder() {
        Model<double> model({conv(8, json::array({1, 7}), 1, 1, "same")}, Shape{20, 3});
        const auto tensors = model.layer(0).tensors();
        QCOMPARE(tensors.size(), std::size_t(2));
        QCOMPARE(tensors[0].name, std::string("kernel"));
        QCOMPARE(tensors[0].shape, (std::vector<Index>{7, 3, 8}));
        QCOMPARE(tensors[1].name, std::string("bias"));
        QCOMPARE(tensors[1].offset, Index(7 * 3 * 8));
        QCOMPARE(test::tensorProblems(model.layer(0)), QString());
        QCOMPARE(model.paramCount(), Index(7 * 3 * 8 + 8));
        QCOMPARE(model.layer(0).flops(), 2LL * 20 * 8 * 7 * 3);
    }
};

QTEST_GUILESS_MAIN(TestConv1D)
#include "tst_conv1d.moc"
