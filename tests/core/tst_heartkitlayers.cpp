// The layer options HeartKit's models need: 2-D kernels on a one-row signal (kernel_rows),
// LayerNormalization over time (layer_norm axis time), helia's squeeze-excite (relu6,
// hard_sigmoid, floor(C / ratio) units) and SpatialDropout (dropout spatial). Gradients are
// checked against finite differences; counts follow Keras's rules.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestHeartKitLayers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kernelRowsGradients_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("bias");
        for (const char* kind : {"conv1d", "depthwise_conv1d"})
            for (int rows : {1, 3, 4})
                for (bool bias : {false, true})
                    QTest::newRow(qPrintable(QStringLiteral("%1 rows %2 bias %3")
                                                 .arg(QLatin1String(kind))
                                                 .arg(rows)
                                                 .arg(bias)))
                        << QString::fromLatin1(kind) << rows << bias;
    }

    void kernelRowsGradients() {
        QFETCH(QString, kind);
        QFETCH(int, rows);
        QFETCH(bool, bias);
        json p = {{"kernel_size", 3},
                  {"kernel_rows", rows},
                  {"padding", "same"},
                  {"dilation_rate", 2},
                  {"use_bias", bias}};
        if (kind == QLatin1String("conv1d")) p["filters"] = 3;
        const std::vector<LayerSpec> specs = {LayerSpec::of(kind.toStdString(), p)};
        BYOM_CHECK_GRADS(specs, (Shape{7, 2}), 3, true);
    }

    void kernelRowsCountAsKerasAndChangeNothingElse() {
        // Keras Conv2D((3, 5)) from 4 to 6 channels: 3*5*4*6 + 6; DepthwiseConv2D((3, 5)) on 4
        // channels without bias: 3*5*4.
        const json conv = {{"filters", 6}, {"kernel_size", 5}, {"padding", "same"}};
        json conv3 = conv;
        conv3["kernel_rows"] = 3;
        Model<double> one({LayerSpec::of("conv1d", conv)}, Shape{9, 4});
        Model<double> three({LayerSpec::of("conv1d", conv3)}, Shape{9, 4});
        QCOMPARE(three.paramCount(), Index(3 * 5 * 4 * 6 + 6));
        QCOMPARE(test::tensorProblems(three.layer(0)), QString());
        QCOMPARE(test::tensorNames(three.layer(0)),
                 (QStringList{QStringLiteral("kernel"), QStringLiteral("bias"),
                              QStringLiteral("inactive_rows")}));
        // The rows that never meet the signal do not change the output: with the same kernel
        // and bias, both give the same values whatever the inactive rows hold.
        one.init(3);
        three.init(4);
        three.params().head(one.paramCount()) = one.params();
        Rng rng(2);
        const Mat<double> x = test::randomMatrix(36, 2, rng);
        QVERIFY((one.forward(x, false) - three.forward(x, false)).cwiseAbs().maxCoeff() < 1e-15);
        three.params().tail(three.paramCount() - one.paramCount()).setConstant(5.0);
        QVERIFY((one.forward(x, false) - three.forward(x, false)).cwiseAbs().maxCoeff() < 1e-15);

        Model<double> dw({LayerSpec::of("depthwise_conv1d", {{"kernel_size", 5},
                                                             {"kernel_rows", 3},
                                                             {"padding", "same"},
                                                             {"use_bias", false}})},
                         Shape{9, 4});
        QCOMPARE(dw.paramCount(), Index(3 * 5 * 4));
        QCOMPARE(test::tensorProblems(dw.layer(0)), QString());
        QVERIFY(test::shapeOrError(LayerSpec::of("conv1d", {{"kernel_rows", 3}}), Shape{9, 4})
                    .contains(QStringLiteral("needs padding same")));
    }

    void layerNormOverTimeGradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("channels");
        QTest::newRow("5 x 3") << 5 << 3;
        QTest::newRow("2 x 1") << 2 << 1;
        QTest::newRow("8 x 4") << 8 << 4;
    }

    void layerNormOverTimeGradients() {
        QFETCH(int, length);
        QFETCH(int, channels);
        const std::vector<LayerSpec> specs = {LayerSpec::of("layer_norm", {{"axis", "time"}})};
        BYOM_CHECK_GRADS(specs, (Shape{length, channels}), 3, true);
    }

    void layerNormOverTimeNormalisesEachChannel() {
        // Keras LayerNormalization(axis=(1, 2)) on (1, T, C): 2*T params; with gamma 1 and beta
        // 0 every channel of every sample has mean 0 and variance v / (v + eps) over time.
        Model<double> m({LayerSpec::of("layer_norm", {{"axis", "time"}})}, Shape{6, 3});
        QCOMPARE(m.paramCount(), Index(2 * 6));
        QCOMPARE(test::tensorProblems(m.layer(0)), QString());
        m.init(1);
        Rng rng(5);
        const Mat<double> x = test::randomMatrix(18, 2, rng, 3.0);
        const Mat<double> y = m.forward(x, false);
        for (Index b = 0; b < 2; ++b)
            for (Index c = 0; c < 3; ++c) {
                double mean = 0, var = 0, xm = 0, xv = 0;
                for (Index t = 0; t < 6; ++t) xm += x(t * 3 + c, b) / 6;
                for (Index t = 0; t < 6; ++t) xv += std::pow(x(t * 3 + c, b) - xm, 2) / 6;
                for (Index t = 0; t < 6; ++t) mean += y(t * 3 + c, b) / 6;
                for (Index t = 0; t < 6; ++t) var += y(t * 3 + c, b) * y(t * 3 + c, b) / 6;
                QVERIFY(std::abs(mean) < 1e-12);
                QVERIFY(std::abs(var - xv / (xv + 1e-3)) < 1e-9);
            }
        QVERIFY(test::shapeOrError(LayerSpec::of("layer_norm", {{"axis", "time"}}), Shape{6})
                    .contains(QStringLiteral("needs a (length, channels) input")));
    }

    void heliaSqueezeExciteGradients_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<double>("ratio");
        QTest::newRow("ratio 2") << 4 << 2.0;
        QTest::newRow("ratio 2.5") << 10 << 2.5;
        QTest::newRow("ratio above channels") << 3 << 8.0;
    }

    void heliaSqueezeExciteGradients() {
        QFETCH(int, channels);
        QFETCH(double, ratio);
        const std::vector<LayerSpec> specs = {
            LayerSpec::of("squeeze_excite", {{"ratio", ratio},
                                             {"squeeze_activation", "relu6"},
                                             {"excite_activation", "hard_sigmoid"}})};
        BYOM_CHECK_GRADS(specs, (Shape{5, channels}), 3, true);
    }

    void heliaSqueezeExciteUnitsAndGate() {
        // helia's se_layer: Conv2D(int(C // r)) then Conv2D(C), both with bias: 10 // 2.5 = 4.
        Model<double> m({LayerSpec::of("squeeze_excite", {{"ratio", 2.5},
                                                          {"squeeze_activation", "relu6"},
                                                          {"excite_activation", "hard_sigmoid"}})},
                        Shape{4, 10});
        QCOMPARE(m.paramCount(), Index(10 * 4 + 4 + 4 * 10 + 10));
        // With zero weights the gate is hard_sigmoid(0) = relu6(3) / 6 = 1/2.
        m.params().setZero();
        Rng rng(1);
        const Mat<double> x = test::randomMatrix(40, 2, rng);
        QVERIFY((m.forward(x, false) - 0.5 * x).cwiseAbs().maxCoeff() < 1e-15);
        // A large excite bias saturates hard_sigmoid at exactly 1 (sigmoid never reaches it).
        m.params().tail(10).setConstant(4.0);
        QVERIFY((m.forward(x, false) - x).cwiseAbs().maxCoeff() < 1e-15);
    }

    void spatialDropoutDropsWholeChannels() {
        Model<double> m({LayerSpec::of("dropout", {{"rate", 0.5}, {"spatial", true}})},
                        Shape{50, 8});
        m.init(3);
        const Mat<double> x = Mat<double>::Ones(400, 4);
        const Mat<double> y = m.forward(x, true);
        int dropped = 0;
        for (Index b = 0; b < 4; ++b)
            for (Index c = 0; c < 8; ++c) {
                const double v = y(c, b);
                QVERIFY(v == 0.0 || v == 2.0);
                for (Index t = 1; t < 50; ++t) QCOMPARE(y(t * 8 + c, b), v);
                dropped += v == 0.0;
            }
        QVERIFY(dropped > 4 && dropped < 28);
        QCOMPARE(m.forward(x, false), x);
        const std::vector<LayerSpec> specs = {
            LayerSpec::of("dropout", {{"rate", 0.5}, {"spatial", true}})};
        BYOM_CHECK_GRADS(specs, (Shape{5, 3}), 2, false);
    }

    void perSampleDropoutDropsWholeSamples() {
        // HeartKit's drop-connect (Dropout with noise_shape (None, 1, 1, 1)): one draw per
        // sample; the gradient goes through the same mask; the identity at inference.
        Model<double> m({LayerSpec::of("dropout", {{"rate", 0.5}, {"per_sample", true}})},
                        Shape{50, 8});
        m.setComputeInputGrad(true);
        m.init(3);
        Rng rng(4);
        const Mat<double> x = test::randomMatrix(400, 64, rng);
        const Mat<double> y = m.forward(x, true);
        int dropped = 0;
        for (Index b = 0; b < 64; ++b) {
            const bool zero = y(0, b) == 0.0;
            QVERIFY(zero ? y.col(b).isZero(0) : y.col(b).isApprox(2.0 * x.col(b), 1e-15));
            dropped += zero;
        }
        QVERIFY2(dropped > 16 && dropped < 48, qPrintable(QString::number(dropped)));
        const Mat<double> g = test::randomMatrix(400, 64, rng);
        m.backwardFromOutput(g);
        for (Index b = 0; b < 64; ++b) {
            const double keep = y(0, b) == 0.0 ? 0.0 : 2.0;
            QVERIFY((m.inputGrad().col(b) - keep * g.col(b)).cwiseAbs().maxCoeff() < 1e-15);
        }
        QCOMPARE(m.forward(x, false), x);
        QVERIFY_THROWS_EXCEPTION(
            Error,
            Model<double>({LayerSpec::of("dropout",
                                         {{"rate", 0.5}, {"per_sample", true}, {"spatial", true}})},
                          Shape{5, 3}));
    }
};

QTEST_GUILESS_MAIN(TestHeartKitLayers)
#include "tst_heartkitlayers.moc"
