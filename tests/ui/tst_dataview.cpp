// The data view: rows, per-column statistics and class counts of the project's data, a
// scatter of two features coloured by class, a frame plot for signals, and load errors shown
// without touching the project.

#include <QAbstractItemModelTester>
#include <QTableWidget>
#include <QtTest>

#include "ui/data/datasettablemodel.h"
#include "ui/data/dataview.h"
#include "ui/data/sampleplot.h"
#include "ui/document.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

class TestDataView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsTheExampleData() {
        MainWindow w;
        DataView* v = w.dataView();
        QTRY_VERIFY_WITH_TIMEOUT(!v->isLoading() && v->tableModel()->dataset(), 20000);
        QAbstractItemModelTester tester(v->tableModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(v->tableModel()->rowCount(), 1500);
        QCOMPARE(v->tableModel()->columnCount(), 3);  // x1, x2, label
        QCOMPARE(v->statsTable()->rowCount(), 2);
        QCOMPARE(v->classTable()->rowCount(), 3);
        int total = 0;
        for (int r = 0; r < 3; ++r) total += v->classTable()->item(r, 1)->text().toInt();
        QCOMPARE(total, 1500);
        QCOMPARE(v->plot()->pointCount(), 1500);
        QVERIFY(!v->plot()->showsSignal());
        QVERIFY(v->status().contains(QStringLiteral("1500 samples")));
    }

    void plotsFramesOfSignals() {
        MainWindow w;
        w.applySynthetic("synthetic:ecg-rhythm?classes=4&length=200&n=8&noise=0.05&seed=1");
        DataView* v = w.dataView();
        QTRY_VERIFY_WITH_TIMEOUT(!v->isLoading() && v->tableModel()->dataset(), 20000);
        QCOMPARE(v->tableModel()->rowCount(), 8);
        QVERIFY(v->plot()->showsSignal());
        v->setPlotSample(3);
        QVERIFY(v->plot()->showsSignal());
        QCOMPARE(v->statsTable()->rowCount(), 1);  // one channel
    }

    void loadErrorsAreShown() {
        MainWindow w;
        byom::Project p = w.document()->project();
        p.data = "csv:/nonexistent/x.csv";
        w.document()->reset(p);
        DataView* v = w.dataView();
        QTRY_VERIFY_WITH_TIMEOUT(v->status().contains(QStringLiteral("Cannot load")), 20000);
        QVERIFY(v->status().contains(QStringLiteral("x.csv")));
        QCOMPARE(v->tableModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestDataView)
#include "tst_dataview.moc"
