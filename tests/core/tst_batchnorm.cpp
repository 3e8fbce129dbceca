// BatchNorm: gradients in training (batch statistics) and inference (moving statistics) mode,
// moving statistics against hand-computed values, tensors and state.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

namespace {

/// Moving statistics away from their initial 0 and 1 (so that inference is a real check).
void randomState(Model<double>& model) {
    Rng rng(21);
    for (Index i = 0; i < model.stateCount() / 2; ++i) {
        model.state()(i) = rng.normal();
        model.state()(model.stateCount() / 2 + i) = 0.5 + rng.uniform();
    }
}

}  // namespace

class TestBatchNorm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("batch");
        QTest::addColumn<bool>("training");
        QTest::newRow("features train") << "5" << 4 << true;
        QTest::newRow("features inference") << "5" << 4 << false;
        QTest::newRow("sequence train odd") << "7,3" << 3 << true;
        QTest::newRow("sequence inference") << "7,3" << 3 << false;
        QTest::newRow("sequence train even, batch 1") << "6,2" << 1 << true;
        QTest::newRow("one channel train") << "5,1" << 2 << true;
        // Long enough for several runs of whole columns (512 values) and a partial last one.
        QTest::newRow("sequence train, 3 runs") << "100,3" << 4 << true;
        QTest::newRow("sequence inference, 3 runs") << "100,3" << 4 << false;
        QTest::newRow("12 channels train, 4 runs") << "30,12" << 5 << true;
    }

    void gradients() {
        QFETCH(QString, input);
        QFETCH(int, batch);
        QFETCH(bool, training);
        const Shape in = Shape::parse(input.toStdString());
        const std::vector<LayerSpec> specs = {LayerSpec::of("batch_norm")};
        BYOM_CHECK_GRADS(specs, in, batch, training, 7, 1e-6, randomState);
    }

    void afterConvolution() {
        const std::vector<LayerSpec> specs = {
            LayerSpec::of("conv1d", {{"filters", 3}, {"kernel_size", 3}, {"padding", "same"}}),
            LayerSpec::of("batch_norm", {{"momentum", 0.9}}),
            LayerSpec::of("activation", {{"activation", "relu"}})};
        BYOM_CHECK_GRADS(specs, (Shape{6, 2}), 3, true);
        BYOM_CHECK_GRADS(specs, (Shape{6, 2}), 3, false, 7, 1e-6,
                         [](Model<double>& m) { m.state().tail(3).setConstant(2.0); });
    }

    void movingStatisticsAfterOneStep_data() {
        QTest::addColumn<bool>("sequence");
        QTest::newRow("features (2)") << false;
        QTest::newRow("sequence (2, 2)") << true;
    }

    void movingStatisticsAfterOneStep() {
        QFETCH(bool, sequence);
        // Channel 0 sees 1, 2, 3, 6 (mean 3, biased variance 3.5); channel 1 sees 0, 0, 4, 4
        // (mean 2, variance 4), as 4 samples of (2) or 2 samples of (2, 2).
        Mat<double> x;
        Shape in;
        if (sequence) {
            in = Shape{2, 2};
            x.resize(4, 2);
            x << 1, 3, 0, 4, 2, 6, 0, 4;
        } else {
            in = Shape{2};
            x.resize(2, 4);
            x << 1, 2, 3, 6, 0, 0, 4, 4;
        }
        Model<double> model({LayerSpec::of("batch_norm")}, in);
        model.init(1);
        QCOMPARE(model.state(), (Vec<double>(4) << 0, 0, 1, 1).finished());
        const Mat<double> y = model.forward(x, true);
        const Vec<double> expected =
            (Vec<double>(4) << 0.01 * 3, 0.01 * 2, 0.99 + 0.01 * 3.5, 0.99 + 0.01 * 4).finished();
        QVERIFY2((model.state() - expected).cwiseAbs().maxCoeff() < 1e-15,
                 qPrintable(QString::number((model.state() - expected).cwiseAbs().maxCoeff())));
        // Training output: (x - batch mean) / sqrt(batch variance + 1e-3).
        QVERIFY(std::abs(y(0, 0) - (1 - 3) / std::sqrt(3.5 + 1e-3)) < 1e-12);
        QVERIFY(std::abs(y(1, sequence ? 1 : 2) - (4 - 2) / std::sqrt(4 + 1e-3)) < 1e-12);
        // Inference uses the moving statistics.
        const Mat<double>& z = model.forward(x, false);
        QVERIFY(std::abs(z(0, 0) - (1 - 0.03) / std::sqrt(expected(2) + 1e-3)) < 1e-12);
        // And does not change them.
        QVERIFY((model.state() - expected).cwiseAbs().maxCoeff() < 1e-15);
    }

    void tensorsAndState() {
        Model<double> model(
            {LayerSpec::of("conv1d", {{"filters", 4}}), LayerSpec::of("batch_norm")}, Shape{10, 2});
        QCOMPARE(model.layer(1).paramCount(), Index(8));
        QCOMPARE(model.layer(1).stateCount(), Index(8));
        QCOMPARE(model.stateCount(), Index(8));
        QCOMPARE(test::tensorNames(model.layer(1)),
                 (QStringList{QStringLiteral("gamma"), QStringLiteral("beta"),
                              QStringLiteral("moving_mean"), QStringLiteral("moving_variance")}));
        const auto t = model.layer(1).tensors();
        QVERIFY(t[0].trainable && t[1].trainable && !t[2].trainable && !t[3].trainable);
        QCOMPARE(test::tensorProblems(model.layer(1)), QString());
        QVERIFY(test::shapeOrError(LayerSpec::of("batch_norm"), Shape{2, 3})
                    .contains(QStringLiteral("(2, 3)")));
        QVERIFY_THROWS_EXCEPTION(ValidationError, LayerSpec::of("batch_norm", {{"momentum", 1.5}}));
    }
};

QTEST_GUILESS_MAIN(TestBatchNorm)
#include "tst_batchnorm.moc"
