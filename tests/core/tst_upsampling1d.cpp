// UpSampling1D: gradients, shape and values.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestUpSampling1D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("size");
        QTest::newRow("size 2") << 5 << 2;
        QTest::newRow("size 3 even") << 4 << 3;
        QTest::newRow("size 1") << 3 << 1;
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, size);
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{LayerSpec::of("upsampling1d", {{"size", size}})},
                         (Shape{length, 2}), 3, true);
    }

    void shapeAndValues() {
        const LayerSpec up = LayerSpec::of("upsampling1d", {{"size", 3}});
        QCOMPARE(test::shapeOrError(up, Shape{100, 4}), QStringLiteral("(300, 4)"));
        QVERIFY(test::shapeOrError(up, Shape{100})
                    .contains(QStringLiteral("needs a (length, channels) input")));
        QVERIFY(
            test::shapeOrError(LayerSpec::of("upsampling1d", {{"size", 4096}}), Shape{100000, 64})
                .contains(QStringLiteral("values per sample")));
        Model<double> model({LayerSpec::of("upsampling1d", {{"size", 2}})}, Shape{2, 2});
        Mat<double> x(4, 1);
        x << 1, 2, 3, 4;
        Mat<double> expected(8, 1);
        expected << 1, 2, 1, 2, 3, 4, 3, 4;
        QCOMPARE(model.forward(x, false), expected);
    }
};

QTEST_GUILESS_MAIN(TestUpSampling1D)
#include "tst_upsampling1d.moc"
