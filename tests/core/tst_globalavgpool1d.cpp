// GlobalAvgPool1D: gradients, shape and values.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestGlobalAvgPool1D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("channels");
        QTest::newRow("odd") << 7 << 3;
        QTest::newRow("even") << 8 << 2;
        QTest::newRow("length 1") << 1 << 4;
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, channels);
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{LayerSpec::of("global_avg_pool1d")},
                         (Shape{length, channels}), 3, true);
    }

    void shapeAndValues() {
        QCOMPARE(test::shapeOrError(LayerSpec::of("global_avg_pool1d"), Shape{800, 16}),
                 QStringLiteral("(16,)"));
        QVERIFY(test::shapeOrError(LayerSpec::of("global_avg_pool1d"), Shape{16})
                    .contains(QStringLiteral("needs a (length, channels) input")));
        Model<double> model({LayerSpec::of("global_avg_pool1d")}, Shape{3, 2});
        Mat<double> x(6, 1);
        x << 1, 10, 2, 20, 6, 60;
        const Mat<double>& out = model.forward(x, false);
        QVERIFY(std::abs(out(0, 0) - 3.0) < 1e-15);
        QVERIFY(std::abs(out(1, 0) - 30.0) < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestGlobalAvgPool1D)
#include "tst_globalavgpool1d.moc"
