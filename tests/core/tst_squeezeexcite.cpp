// Squeeze-Excite block: gradients, parameter count, tensors, gating values and errors.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestSqueezeExcite : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("ratio");
        QTest::newRow("ratio 2") << 5 << 4 << 2;
        QTest::newRow("ratio 4, even length") << 6 << 8 << 4;
        QTest::newRow("ratio above channels") << 3 << 3 << 8;
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, channels);
        QFETCH(int, ratio);
        const std::vector<LayerSpec> specs = {LayerSpec::of("squeeze_excite", {{"ratio", ratio}})};
        BYOM_CHECK_GRADS(specs, (Shape{length, channels}), 3, true);
    }

    void structure() {
        Model<double> model({LayerSpec::of("squeeze_excite", {{"ratio", 4}})}, Shape{10, 8});
        QCOMPARE(model.outputShape(), (Shape{10, 8}));
        QCOMPARE(model.paramCount(), Index(8 * 2 + 2 + 2 * 8 + 8));
        QCOMPARE(test::tensorNames(model.layer(0)),
                 (QStringList{QStringLiteral("squeeze.kernel"), QStringLiteral("squeeze.bias"),
                              QStringLiteral("excite.kernel"), QStringLiteral("excite.bias")}));
        QCOMPARE(test::tensorProblems(model.layer(0)), QString());
        QVERIFY(test::shapeOrError(LayerSpec::of("squeeze_excite"), Shape{8})
                    .contains(QStringLiteral("needs a (length, channels) input")));
        // With zero weights the gate is sigmoid(0) = 1/2 for every channel.
        model.params().setZero();
        Rng rng(1);
        const Mat<double> x = test::randomMatrix(80, 2, rng);
        QVERIFY((model.forward(x, false) - 0.5 * x).cwiseAbs().maxCoeff() < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestSqueezeExcite)
#include "tst_squeezeexcite.moc"
