// CsvPreview: the first rows of a CSV as the loader reads them (delimiter, header rule, column
// names), which the data dialog shows before loading the whole file.

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "core/data/csvloader.h"
#include "core/data/csvpreview.h"
#include "core/util/error.h"
#include "support/tempfiles.h"

using namespace byom;

class TestCsvPreview : public QObject {
    Q_OBJECT

    TempFiles m_files;

    std::string write(const std::string& name, const std::string& bytes) {
        return m_files.write(name, bytes);
    }

private Q_SLOTS:
    void detectsDelimiterHeaderAndNames() {
        const std::string path = write("a.csv", "x;;y\n1;2;3\n3;4;5\n5;2;7\n");
        const CsvPreview p = CsvPreview::read(path);
        QCOMPARE(p.delimiter, ';');
        QVERIFY(p.header);
        // An empty header cell is named as the loader names it, so label=... finds it.
        QCOMPARE(p.names, (std::vector<std::string>{"x", "column 2", "y"}));
        QCOMPARE(p.rows.size(), std::size_t(3));
        QCOMPARE(p.rows[1], (std::vector<std::string>{"3", "4", "5"}));
        CsvOptions o;
        o.label = p.names[1];
        QCOMPARE(CsvLoader::load(path, o).featureNames, (std::vector<std::string>{"x", "y"}));
    }

    void numbersOnlyHaveNoHeaderUnlessForced() {
        const std::string path = write("n.csv", "1,2,0\n3,4,1\n");
        CsvPreview p = CsvPreview::read(path);
        QVERIFY(!p.header);
        QCOMPARE(p.names, (std::vector<std::string>{"column 1", "column 2", "column 3"}));
        QCOMPARE(p.rows.size(), std::size_t(2));
        p = CsvPreview::read(path, 0, CsvOptions::Header::Yes);
        QVERIFY(p.header);
        QCOMPARE(p.names, (std::vector<std::string>{"1", "2", "0"}));
        QCOMPARE(p.rows.size(), std::size_t(1));
        // A header that is text over text is not detected (the loader's rule), but can be set.
        p = CsvPreview::read(write("t.csv", "a,b\nx,y\n"));
        QVERIFY(!p.header);
    }

    void readsOnlyTheFirstRows() {
        std::string text = "a,b\n";
        for (int i = 0; i < 1000; ++i) text += std::to_string(i) + ",0\n";
        const CsvPreview p =
            CsvPreview::read(write("long.csv", text), 0, CsvOptions::Header::Auto, 20);
        QCOMPARE(p.rows.size(), std::size_t(20));
        QCOMPARE(p.rows.back()[0], std::string("19"));
    }

    void emptyFileIsAnError() {
        const std::string path = write("empty.csv", "");
        try {
            CsvPreview::read(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(
                std::string(e.what()).find("empty.csv: the file is empty") != std::string::npos,
                e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvPreview)
#include "tst_csvpreview.moc"
