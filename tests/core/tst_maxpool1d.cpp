// MaxPool1D: gradients, Keras output shapes (strides default to pool_size), padding never
// wins, and hand-checked values.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec pool(int size, const json& strides, const char* padding) {
    return LayerSpec::of("max_pool1d",
                         {{"pool_size", size}, {"strides", strides}, {"padding", padding}});
}

}  // namespace

class TestMaxPool1D : public QObject {
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
        QTest::newRow("overlapping valid") << 9 << 3 << 2 << "valid";
    }

    void gradients() {
        QFETCH(int, length);
        QFETCH(int, size);
        QFETCH(int, strides);
        QFETCH(QString, padding);
        const json s = strides == 0 ? json(nullptr) : json(strides);
        BYOM_CHECK_GRADS(std::vector<LayerSpec>{pool(size, s, padding.toStdString().c_str())},
                         (Shape{length, 3}), 3, true);
    }

    void outputShapes_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("strides");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<QString>("expected");
        QTest::newRow("default strides") << 10 << 2 << 0 << "valid"
                                         << "(5, 3)";
        QTest::newRow("odd valid drops the tail") << 11 << 2 << 0 << "valid"
                                                  << "(5, 3)";
        QTest::newRow("odd same keeps it") << 11 << 2 << 0 << "same"
                                           << "(6, 3)";
        QTest::newRow("stride 1 same") << 11 << 3 << 1 << "same"
                                       << "(11, 3)";
        QTest::newRow("too long") << 3 << 4 << 0 << "valid"
                                  << "error: pool_size 4 is longer than the input length 3";
        QTest::newRow("too long same is fine") << 3 << 4 << 0 << "same"
                                               << "(1, 3)";
    }

    void outputShapes() {
        QFETCH(int, length);
        QFETCH(int, size);
        QFETCH(int, strides);
        QFETCH(QString, padding);
        QFETCH(QString, expected);
        const json s = strides == 0 ? json(nullptr) : json(strides);
        const QString got =
            test::shapeOrError(pool(size, s, padding.toStdString().c_str()), Shape{length, 3});
        if (expected.startsWith(QStringLiteral("error: ")))
            QVERIFY2(got.contains(expected.mid(7)), qPrintable(got));
        else
            QCOMPARE(got, expected);
    }

    void values() {
        // One channel, length 5, pool 2, same: out 3, pad total 1, pad left 0: windows
        // [0,1], [2,3], [4, pad]. All negative values: the padding must never win.
        Model<double> model({pool(2, nullptr, "same")}, Shape{5, 1});
        Mat<double> x(5, 1);
        x << -3, -1, -7, -2, -5;
        const Mat<double>& out = model.forward(x, false);
        QCOMPARE(out.rows(), Index(3));
        QCOMPARE(out(0, 0), -1.0);
        QCOMPARE(out(1, 0), -2.0);
        QCOMPARE(out(2, 0), -5.0);
    }
};

QTEST_GUILESS_MAIN(TestMaxPool1D)
#include "tst_maxpool1d.moc"
