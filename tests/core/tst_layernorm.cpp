// LayerNorm: gradients on flat and sequence inputs, per-position normalisation, tensors.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestLayerNorm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<double>("epsilon");
        QTest::newRow("features") << "5" << 1e-3;
        QTest::newRow("sequence odd") << "7,3" << 1e-3;
        QTest::newRow("sequence even, small epsilon") << "4,4" << 1e-5;
        QTest::newRow("two channels") << "3,2" << 1e-3;
    }

    void gradients() {
        QFETCH(QString, input);
        QFETCH(double, epsilon);
        const Shape in = Shape::parse(input.toStdString());
        const std::vector<LayerSpec> specs = {LayerSpec::of("layer_norm", {{"epsilon", epsilon}})};
        BYOM_CHECK_GRADS(specs, in, 3, true);
    }

    void normalisesEachPosition() {
        Model<double> model({LayerSpec::of("layer_norm")}, Shape{2, 3});
        model.init(1);
        Mat<double> x(6, 1);
        x << 1, 2, 6, -1, -1, 2;
        const Mat<double>& y = model.forward(x, true);
        // Position 0: mean 3, variance (4 + 1 + 9) / 3; position 1: mean 0, variance 2.
        const double s0 = std::sqrt(14.0 / 3 + 1e-3), s1 = std::sqrt(2 + 1e-3);
        const double expected[] = {-2 / s0, -1 / s0, 3 / s0, -1 / s1, -1 / s1, 2 / s1};
        for (int i = 0; i < 6; ++i) QVERIFY(std::abs(y(i, 0) - expected[i]) < 1e-12);
        QCOMPARE(test::tensorNames(model.layer(0)),
                 (QStringList{QStringLiteral("gamma"), QStringLiteral("beta")}));
        QCOMPARE(test::tensorProblems(model.layer(0)), QString());
        QCOMPARE(model.stateCount(), Index(0));
    }
};

QTEST_GUILESS_MAIN(TestLayerNorm)
#include "tst_layernorm.moc"
