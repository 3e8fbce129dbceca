// Reshape: gradients, inferred dimensions and clear errors.

#include <QtTest>

#include "support/layercheck.h"

using namespace byom;

class TestReshape : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients() {
        BYOM_CHECK_GRADS(
            (std::vector<LayerSpec>{LayerSpec::of("reshape", {{"target_shape", {4, 3}}}),
                                    LayerSpec::of("conv1d", {{"filters", 2}, {"kernel_size", 2}})}),
            (Shape{12}), 3, true);
    }

    void shapes_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("target");  // JSON
        QTest::addColumn<QString>("expected");
        QTest::newRow("flat to sequence") << "12"
                                          << "[12, 1]"
                                          << "(12, 1)";
        QTest::newRow("sequence to flat") << "4,3"
                                          << "[12]"
                                          << "(12,)";
        QTest::newRow("inferred length") << "12"
                                         << "[-1, 3]"
                                         << "(4, 3)";
        QTest::newRow("inferred channels") << "6,2"
                                           << "[3, -1]"
                                           << "(3, 4)";
        QTest::newRow("default [-1, 1]") << "5"
                                         << "null"
                                         << "(5, 1)";
        QTest::newRow("product differs") << "12"
                                         << "[5, 2]"
                                         << "error: cannot reshape (12,) (12 values) into "
                                            "target_shape (5, 2) (10 values)";
        QTest::newRow("not a multiple") << "12"
                                        << "[-1, 5]"
                                        << "error: not a multiple of 5";
        QTest::newRow("two -1") << "12"
                                << "[-1, -1]"
                                << "error: -1 only once";
        QTest::newRow("zero") << "12"
                              << "[0, 12]"
                              << "error: must be positive";
        QTest::newRow("three dimensions") << "12"
                                          << "[2, 2, 3]"
                                          << "error: target_shape";
    }

    void shapes() {
        QFETCH(QString, input);
        QFETCH(QString, target);
        QFETCH(QString, expected);
        QString got;
        try {
            const json t = json::parse(target.toStdString());
            const LayerSpec spec = t.is_null() ? LayerSpec::of("reshape")
                                               : LayerSpec::of("reshape", {{"target_shape", t}});
            got = test::shapeOrError(spec, Shape::parse(input.toStdString()));
        } catch (const std::exception& e) {
            got = QStringLiteral("error: ") + QString::fromUtf8(e.what());
        }
        if (expected.startsWith(QStringLiteral("error: ")))
            QVERIFY2(got.startsWith(QStringLiteral("error: ")) && got.contains(expected.mid(7)),
                     qPrintable(got));
        else
            QCOMPARE(got, expected);
    }
};

QTEST_GUILESS_MAIN(TestReshape)
#include "tst_reshape.moc"
