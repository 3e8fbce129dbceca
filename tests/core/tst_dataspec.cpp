// loadDataset dispatch (csv, npy, synthetic options, paths relative to a base directory) and
// the DatasetSummary that `byom data inspect` prints.

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "core/data/datasetsummary.h"
#include "core/data/dataspec.h"
#include "core/util/error.h"

using namespace byom;

class TestDataSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvRelativeToBaseDirWithOptions() {
        const Dataset d = loadDataset(
            DataSpec::parse("csv:csv/iris.csv?label=species&classes=sorted"), BYOM_TEST_DATA_DIR);
        QCOMPARE(d.size(), Index(150));
        QCOMPARE(d.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        const Dataset byIndex = loadDataset(DataSpec::parse("csv:csv/iris.csv?label=-1&header=yes"),
                                            BYOM_TEST_DATA_DIR);
        QCOMPARE(byIndex.labels, d.labels);
    }

    void semicolonAndMissingOptions() {
        QTemporaryDir dir;
        std::ofstream(dir.filePath(QStringLiteral("s.csv")).toStdString())
            << "a;b;y\n1;;p\n2;4;q\n3;5;p\n";
        const Dataset d = loadDataset(DataSpec::parse("csv:s.csv?delimiter=;&missing=mean"),
                                      dir.path().toStdString());
        QCOMPARE(d.x(1, 0), 4.5f);
        const DatasetSummary s = DatasetSummary::of(d);
        QCOMPARE(s.columns[1].missing, Index(1));
        QCOMPARE(s.classes[0].name, std::string("p"));
        QCOMPARE(s.classes[0].count, Index(2));
        QCOMPARE(s.toJson()["columns"][0]["max"], 3.0);
        QVERIFY(s.toText().find("s.csv: 3 rows, input shape (2,), 2 classes") != std::string::npos);
    }

    void syntheticOptions() {
        const Dataset ecg = loadDataset(DataSpec::parse("synthetic:ecg-rhythm?n=8&length=400"));
        QCOMPARE(ecg.inputShape, (Shape{400, 1}));
        QCOMPARE(ecg.numClasses(), Index(4));
        const DatasetSummary s = DatasetSummary::of(ecg);
        QCOMPARE(s.columns.size(), std::size_t(1));  // one channel
        QCOMPARE(s.columns[0].name, std::string("channel 0"));
        const Dataset sine = loadDataset(DataSpec::parse("synthetic:sine?n=50"));
        QCOMPARE(DatasetSummary::of(sine).targets.size(), std::size_t(1));
    }

    void badSpecs_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown csv option") << "csv:x.csv?lable=y"
                                            << "unknown option 'lable'; did you mean 'label'?";
        QTest::newRow("bad missing") << "csv:x.csv?missing=zero"
                                     << "missing=zero is not one of error, drop, mean";
        QTest::newRow("bad task") << "csv:x.csv?task=regresion"
                                  << "did you mean 'regression'?";
        QTest::newRow("bad delimiter") << "csv:x.csv?delimiter=ab"
                                       << "delimiter=ab must be one character";
        QTest::newRow("one npy file") << "npy:x.npy"
                                      << "give two files, npy:X.npy,Y.npy";
        QTest::newRow("missing csv") << "csv:nope/x.csv"
                                     << "x.csv: cannot open";
    }
    void badSpecs() {
        QFETCH(QString, spec);
        QFETCH(QString, fragment);
        try {
            loadDataset(DataSpec::parse(spec.toStdString()));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(fragment.toStdString()) != std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDataSpec)
#include "tst_dataspec.moc"
