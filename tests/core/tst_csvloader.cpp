// CsvLoader: real data sets, RFC 4180 details, label and task options, missing values, and a
// table of bad inputs whose one-line errors must name the file and the position.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "core/data/csvloader.h"
#include "core/data/csvreader.h"
#include "core/util/error.h"
#include "support/tempfiles.h"

using namespace byom;

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestCsvLoader : public QObject {
    Q_OBJECT

    TempFiles m_files;

    std::string write(const std::string& name, const std::string& bytes) {
        return m_files.write(name, bytes);
    }

private Q_SLOTS:
    void irisFixture() {
        const Dataset d = CsvLoader::load(BYOM_TEST_DATA_DIR "/csv/iris.csv");
        QCOMPARE(d.size(), Index(150));
        QCOMPARE(d.x.rows(), Index(4));
        QCOMPARE(d.inputShape, Shape{4});
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(d.featureNames[2], std::string("petal length (cm)"));
        QCOMPARE(d.x(0, 0), 5.1f);
        QCOMPARE(d.x(3, 149), 1.8f);
        QCOMPARE(d.classCounts(), (std::vector<Index>{50, 50, 50}));
        QCOMPARE(d.y.rows(), Index(3));
        QCOMPARE(d.y(d.labels[100], 100), 1.0f);
    }

    void breastCancerFixture() {
        const Dataset d = CsvLoader::load(BYOM_TEST_DATA_DIR "/csv/breast_cancer.csv");
        QCOMPARE(d.size(), Index(569));
        QCOMPARE(d.x.rows(), Index(30));
        QCOMPARE(d.classNames, (std::vector<std::string>{"malignant", "benign"}));
        QCOMPARE(d.classCounts(), (std::vector<Index>{212, 357}));
        CsvOptions sorted;
        sorted.classes = CsvOptions::ClassOrder::Sorted;
        const Dataset s = CsvLoader::load(BYOM_TEST_DATA_DIR "/csv/breast_cancer.csv", sorted);
        QCOMPARE(s.classNames, (std::vector<std::string>{"benign", "malignant"}));
        QCOMPARE(s.labels[0], 1);  // the first row is malignant
    }

    void datasetsComeWithTheRepository() {
        // The real data sets these tests use are in tests/data/csv (their sources in its
        // README.md), never outside the repository: a missing one is a failure.
        QVERIFY(std::filesystem::is_regular_file(BYOM_TEST_DATA_DIR "/csv/README.md"));
        for (const char* name : {"iris.csv", "breast_cancer.csv"}) {
            const std::string path = std::string(BYOM_TEST_DATA_DIR "/csv/") + name;
            QVERIFY2(std::filesystem::is_regular_file(path), path.c_str());
            const Dataset d = CsvLoader::load(path);
            QVERIFY(d.size() >= 150);
            QVERIFY(d.numClasses() >= 2);
        }
    }

    void dialects_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("comma") << QByteArray("a,b,label\n1,2,x\n3,4,y\n");
        QTest::newRow("semicolon") << QByteArray("a;b;label\n1;2;x\n3;4;y\n");
        QTest::newRow("tab") << QByteArray("a\tb\tlabel\n1\t2\tx\n3\t4\ty\n");
        QTest::newRow("crlf") << QByteArray("a,b,label\r\n1,2,x\r\n3,4,y\r\n");
        QTest::newRow("bom") << QByteArray(
            "\xEF\xBB\xBF"
            "a,b,label\n1,2,x\n3,4,y\n");
        QTest::newRow("no final newline") << QByteArray("a,b,label\n1,2,x\n3,4,y");
        QTest::newRow("blank lines") << QByteArray("a,b,label\n\n1,2,x\n\r\n3,4,y\n\n");
        QTest::newRow("quoted") << QByteArray("\"a\",\"b\",\"label\"\n\"1\",2,\"x\"\n3,\"4\",y\n");
        QTest::newRow("spaces and plus") << QByteArray("a,b,label\n 1 ,+2,x\n3, 4,y\n");
    }
    void dialects() {
        QFETCH(QByteArray, bytes);
        const Dataset d = CsvLoader::load(write("dialect.csv", bytes.toStdString()));
        QCOMPARE(d.size(), Index(2));
        QCOMPARE(d.featureNames, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(d.classNames, (std::vector<std::string>{"x", "y"}));
        QCOMPARE(d.x(0, 0), 1.0f);
        QCOMPARE(d.x(1, 0), 2.0f);
        QCOMPARE(d.x(0, 1), 3.0f);
        QCOMPARE(d.x(1, 1), 4.0f);
    }

    void quotesWithDelimitersNewlinesAndEscapes() {
        const std::string path = write("q.csv",
                                       "\"width, cm\",\"the \"\"height\"\"\",label\r\n"
                                       "1,2,\"line one\r\nline two\"\r\n"
                                       "3,4,\"say \"\"hi\"\", ok\"\r\n"
                                       "5,6,plain\r\n"
                                       "7,x8,plain\r\n");
        const std::string err = errorOf([&] { CsvLoader::load(path); });
        // The multi-line label occupies lines 2-3, so the bad cell is on line 6, column 2.
        QVERIFY2(err.find("q.csv:6:2: 'x8' is not a number in column \"the \"height\"\"") !=
                     std::string::npos,
                 err.c_str());
        const std::string ok = write("q2.csv",
                                     "\"width, cm\",\"the \"\"height\"\"\",label\r\n"
                                     "1,2,\"line one\r\nline two\"\r\n"
                                     "3,4,\"say \"\"hi\"\", ok\"\r\n"
                                     "5,6,plain\r\n");
        const Dataset d = CsvLoader::load(ok);
        QCOMPARE(d.featureNames, (std::vector<std::string>{"width, cm", "the \"height\""}));
        QCOMPARE(d.classNames,
                 (std::vector<std::string>{"line one\r\nline two", "say \"hi\", ok", "plain"}));
        QCOMPARE(d.x(1, 2), 6.0f);
    }

    void longFileCrossesBlocks() {
        // More than one 1 MiB block, with a quoted multi-line field near every boundary.
        std::string text = "a,b,c,label\n";
        for (int i = 0; i < 40000; ++i)
            text += std::to_string(i) + ",0.5," + std::to_string(i % 7) + "," +
                    (i % 3 == 0 ? "\"odd,\nlabel\"" : "even") + "\n";
        const Dataset d = CsvLoader::load(write("long.csv", text));
        QCOMPARE(d.size(), Index(40000));
        QCOMPARE(d.x(0, 39999), 39999.0f);
        QCOMPARE(d.classNames[0], std::string("odd,\nlabel"));
    }

    void progressIsReportedAndCanCancel() {
        std::string text = "a,b,label\n";
        for (int i = 0; i < 20000; ++i)
            text += std::to_string(i) + ",1," + std::to_string(i % 2) + "\n";
        const std::string path = write("progress.csv", text);
        CsvOptions options;
        std::vector<std::uint64_t> reported;
        options.progress = [&reported](std::uint64_t bytes) {
            reported.push_back(bytes);
            return true;
        };
        QCOMPARE(CsvLoader::load(path, options).size(), Index(20000));
        QCOMPARE(reported.size(), std::size_t(4));  // every 4096 rows
        QVERIFY(std::is_sorted(reported.begin(), reported.end()));
        QVERIFY(reported.back() <= text.size());
        options.progress = [](std::uint64_t) { return false; };
        QVERIFY(errorOf([&] { CsvLoader::load(path, options); }).find("cancelled") !=
                std::string::npos);
    }

    void labelByNameIndexAndTask() {
        const std::string path =
            write("num.csv", "id,grade,score\n1,0,0.5\n2,1,1.5\n3,2,2.25\n4,1,3\n");
        const Dataset regression = CsvLoader::load(path);  // score: not whole numbers
        QCOMPARE(regression.task, Task::Regression);
        QCOMPARE(regression.y(0, 2), 2.25f);
        QVERIFY(regression.classNames.empty());

        CsvOptions byName;
        byName.label = "grade";
        const Dataset c = CsvLoader::load(path, byName);  // few whole numbers: classes
        QCOMPARE(c.task, Task::Classification);
        QCOMPARE(c.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(c.labels, (std::vector<int>{0, 1, 2, 1}));
        QCOMPARE(c.featureNames, (std::vector<std::string>{"id", "score"}));

        CsvOptions byIndex;
        byIndex.label = "1";
        QCOMPARE(CsvLoader::load(path, byIndex).labels, c.labels);
        byIndex.label = "-2";
        QCOMPARE(CsvLoader::load(path, byIndex).labels, c.labels);

        byName.task = TaskMode::Regression;
        QCOMPARE(CsvLoader::load(path, byName).task, Task::Regression);
        CsvOptions forced;
        forced.task = TaskMode::Classification;
        QCOMPARE(CsvLoader::load(path, forced).classNames,
                 (std::vector<std::string>{"0.5", "1.5", "2.25", "3"}));
    }

    void headerOptions() {
        const std::string path =
            write("nohead.csv", "5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,3.3,virginica\n");
        const Dataset d = CsvLoader::load(path);
        QCOMPARE(d.size(), Index(3));  // detected: no header
        QCOMPARE(d.featureNames, (std::vector<std::string>{"column 1", "column 2"}));
        CsvOptions yes;
        yes.header = CsvOptions::Header::Yes;
        QCOMPARE(CsvLoader::load(path, yes).size(), Index(2));
    }

    void missingPolicies() {
        const std::string path =
            write("miss.csv", "a,b,label\n1,,x\n3,4,y\nNA,8,x\n5,6,\n7,10,x\n");
        CsvOptions drop;
        drop.missing = CsvOptions::Missing::Drop;
        const Dataset d = CsvLoader::load(path, drop);
        QCOMPARE(d.size(), Index(2));
        QCOMPARE(d.droppedRows, Index(3));
        QCOMPARE(d.x(0, 1), 7.0f);

        const std::string path2 = write("miss2.csv", "a,b,label\n1,,x\n3,4,y\nNA,8,x\n7,10,y\n");
        CsvOptions mean;
        mean.missing = CsvOptions::Missing::Mean;
        const Dataset m = CsvLoader::load(path2, mean);
        QCOMPARE(m.size(), Index(4));
        QCOMPARE(m.x(1, 0), (4.0f + 8.0f + 10.0f) / 3.0f);
        QCOMPARE(m.x(0, 2), (1.0f + 3.0f + 7.0f) / 3.0f);
        QCOMPARE(m.missing, (std::vector<Index>{1, 1}));
    }

    void badInputs_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("empty file") << QByteArray("") << ""
                                    << "bad.csv: the file is empty";
        QTest::newRow("blank lines only") << QByteArray("\n\r\n\n") << ""
                                          << "bad.csv: the file is empty";
        QTest::newRow("header only") << QByteArray("a,b,label\n") << ""
                                     << "bad.csv:1: only a header row";
        QTest::newRow("ragged short") << QByteArray("a,b,label\n1,2,x\n3,y\n") << ""
                                      << "bad.csv:3: expected 3 fields as in the header, got 2";
        QTest::newRow("ragged long") << QByteArray("a,b,label\n1,2,x\n3,4,5,y\n") << ""
                                     << "bad.csv:3: expected 3 fields as in the header, got 4";
        QTest::newRow("text cell") << QByteArray("a,b,label\n1,2,x\n3,abc,y\n") << ""
                                   << "bad.csv:3:2: 'abc' is not a number in column \"b\"";
        QTest::newRow("empty cell") << QByteArray("a,b,label\n1,2,x\n,4,y\n") << ""
                                    << "bad.csv:3:1: empty cell in column \"a\"";
        QTest::newRow("NaN text") << QByteArray("a,b,label\n1,2,x\n3,NaN,y\n") << ""
                                  << "bad.csv:3:2: 'NaN' (a missing value) in column \"b\"";
        QTest::newRow("inf text") << QByteArray("a,b,label\n1,inf,x\n3,4,y\n") << ""
                                  << "bad.csv:2:2: 'inf' is not a finite number in column \"b\"";
        QTest::newRow("Infinity text") << QByteArray("a,b,label\n1,2,x\n-Infinity,4,y\n") << ""
                                       << "bad.csv:3:1: '-Infinity' is not a finite number";
        QTest::newRow("out of range") << QByteArray("a,b,label\n1,1e99,x\n3,4,y\n") << ""
                                      << "bad.csv:2:2: '1e99' is out of float32 range";
        QTest::newRow("decimal comma") << QByteArray("a;b;label\n1;2,5;x\n3;4;y\n") << ""
                                       << "decimal commas are not supported";
        QTest::newRow("one class")
            << QByteArray("a,b,label\n1,2,x\n3,4,x\n") << ""
            << "bad.csv: the label column \"label\" has one class only ('x')";
        QTest::newRow("missing label") << QByteArray("a,b,label\n1,2,x\n3,4,\n") << ""
                                       << "bad.csv:3:3: the label is missing";
        QTest::newRow("unclosed quote") << QByteArray("a,b,label\n1,2,\"x\n3,4,y\n") << ""
                                        << "bad.csv:2: a quoted field is never closed";
        QTest::newRow("one column") << QByteArray("a\n1\n2\n") << ""
                                    << "bad.csv:1: found one column";
        QTest::newRow("label not found")
            << QByteArray("a,b,species\n1,2,x\n3,4,y\n") << "label=specie"
            << "bad.csv:1: label=specie: no such column; did you mean \"species\"?";
        QTest::newRow("label index out of range")
            << QByteArray("a,b,c\n1,2,x\n3,4,y\n") << "label=7"
            << "bad.csv: label=7: the file has 3 columns";
        QTest::newRow("regression needs numbers")
            << QByteArray("a,b,c\n1,2,3\n3,4,y\n") << "task=regression"
            << "bad.csv:3:3: 'y' is not a number; task=regression";
        QTest::newRow("all rows dropped") << QByteArray("a,b,c\n1,,x\n,4,y\n") << "missing=drop"
                                          << "every one of the 2 data rows had a missing value";
    }
    void badInputs() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, options);
        QFETCH(QString, fragment);
        CsvOptions opt;
        if (options.startsWith(QStringLiteral("label="))) opt.label = options.mid(6).toStdString();
        if (options == QStringLiteral("task=regression")) opt.task = TaskMode::Regression;
        if (options == QStringLiteral("missing=drop")) opt.missing = CsvOptions::Missing::Drop;
        const std::string path = write("bad.csv", bytes.toStdString());
        const std::string err = errorOf([&] { CsvLoader::load(path, opt); });
        QVERIFY2(err.find(fragment.toStdString()) != std::string::npos, err.c_str());
        QVERIFY2(err.find('\n') == std::string::npos, "one line");
    }

    void hugeRecordIsRefused() {
        // A file without line breaks (or with a quote that never closes) cannot make the
        // reader's buffer grow without bound.
        std::string bytes = "a,b\n1,";
        bytes.append(CsvReader::kMaxRecordBytes + 16, '7');
        const std::string path = write("one-line.csv", bytes);
        const std::string err = errorOf([&] { CsvLoader::load(path); });
        QVERIFY2(err.find("one-line.csv:2: a record longer than 64 MiB") != std::string::npos,
                 err.c_str());
    }

    void severalLabelColumnsAreRegressionTargets() {
        const std::string path =
            write("multi.csv", "a,t1,b,t2\n1,10,2,0.5\n2,20,3,0.25\n3,30,5,0.125\n");
        CsvOptions o;
        o.label = "t2,t1";
        const Dataset d = CsvLoader::load(path, o);
        QCOMPARE(d.task, Task::Regression);
        QCOMPARE(d.featureNames, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(d.y.rows(), Index(2));
        QCOMPARE(d.y(0, 1), 0.25f);  // in the order given
        QCOMPARE(d.y(1, 2), 30.0f);
        QCOMPARE(d.x(1, 2), 5.0f);
        o.label = "1, -1";  // indices, blanks allowed
        QCOMPARE(CsvLoader::load(path, o).y(0, 0), 10.0f);
        QVERIFY(CsvLoader::load(path, o).classNames.empty());

        o.label = "t1,t1";
        QVERIFY(errorOf([&] { CsvLoader::load(path, o); }).find("column \"t1\" is given twice") !=
                std::string::npos);
        o.label = "a,t1,b,t2";
        QVERIFY(errorOf([&] { CsvLoader::load(path, o); }).find("every column is a label") !=
                std::string::npos);
        o.label = "t1,t3";
        QVERIFY(errorOf([&] { CsvLoader::load(path, o); }).find("label=t3: no such column") !=
                std::string::npos);
        o.label = "t1,t2";
        o.task = TaskMode::Classification;
        QVERIFY(errorOf([&] { CsvLoader::load(path, o); }).find("a classifier takes one") !=
                std::string::npos);
        const std::string text = write("text.csv", "a,t1,t2\n1,2,x\n");
        o.task = TaskMode::Auto;
        QVERIFY(errorOf([&] { CsvLoader::load(text, o); }).find("'x' is not a number") !=
                std::string::npos);
        // A column whose name holds the comma is one label.
        const std::string named = write("named.csv", "a,\"t1,t2\"\n1,2\n2,4\n3,6.5\n");
        o.label = "t1,t2";
        QCOMPARE(CsvLoader::load(named, o).y.rows(), Index(1));
    }

    void directoryOrMissingFile() {
        const std::string dir = m_files.dir();
        QVERIFY(errorOf([&] { CsvLoader::load(dir); }).find(": is a directory, not a file") !=
                std::string::npos);
        const std::string err = errorOf([&] { CsvLoader::load(dir + "/nope.csv"); });
        QVERIFY2(err.find("nope.csv: cannot open: No such file or directory") != std::string::npos,
                 err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCsvLoader)
#include "tst_csvloader.moc"
