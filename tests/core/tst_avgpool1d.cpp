// AvgPool1D: gradients, output shapes and Keras's same padding (only valid positions are
// averaged).

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec pool(int size, const json& strides, const char* padding) {
    return LayerSpec::of("avg_pool1d",
                         {{"pool_size", size}, {"strides", strides}, {"padding", padding}});
}

}  // namespace

class TestAvgPool1D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("strides");  // 0: null (pool_size)
        QTest::addColumn<QString>("padding");
        QTest::newRow("2 valid even") << 8 << 2 << 0 << "valid";
        QTest::newRow("2 valid odd") << 9 << 2 << 0 << "valid";
        QTest::newRow("3 same odd") << 10 << 3 << 0 << "same";
        QTest::newRow("3 stride 1 same") << 7 << 3 << 1 << "same";
        QTest::newRow("4 stride 2 same even") << 8 << 4 << 2 << "same";
        QTest::newRow("5 same longer than input") << 3 << 5 << 1 << "same";
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, size);
        QFETCH(int, strides);
        QFETCH(QString, padding);
        const json s = strides == 0 ? json(nullptr) : json(strides);
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{pool(size, s, padding.toStdString().c_str())},
                         (Shape{length, 2}), 3, true);
    }

    void outputShapes() {
        QCOMPARE(test::shapeOrError(pool(2, nullptr, "valid"), Shape{11, 4}),
                 QStringLiteral("(5, 4)"));
        QCOMPARE(test::shapeOrError(pool(2, nullptr, "same"), Shape{11, 4}),
                 QStringLiteral("(6, 4)"));
        QCOMPARE(test::shapeOrError(pool(3, 1, "same"), Shape{11, 4}), QStringLiteral("(11, 4)"));
        QVERIFY(test::shapeOrError(pool(2, nullptr, "valid"), Shape{11})
                    .contains(QStringLiteral("needs a (length, channels) input")));
        QVERIFY(test::shapeOrError(pool(6, nullptr, "valid"), Shape{5, 1})
                    .contains(QStringLiteral("pool_size 6 is longer than the input length 5")));
    }

    void samePaddingAveragesValidPositionsOnly() {
        // Length 4, pool 3, stride 1, same: pad total 2, left 1. Windows: [pad,0,1], [0,1,2],
        // [1,2,3], [2,3,pad] -> means over 2, 3, 3, 2 values.
        Model<double> model({pool(3, 1, "same")}, Shape{4, 1});
        Mat<double> x(4, 1);
        x << 1, 2, 4, 8;
        const Mat<double>& out = model.forward(x, false);
        QCOMPARE(out.rows(), Index(4));
        QVERIFY(std::abs(out(0, 0) - 1.5) < 1e-15);
        QVERIFY(std::abs(out(1, 0) - 7.0 / 3) < 1e-15);
        QVERIFY(std::abs(out(2, 0) - 14.0 / 3) < 1e-15);
        QVERIFY(std::abs(out(3, 0) - 6.0) < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestAvgPool1D)
#include "tst_avgpool1d.moc"
