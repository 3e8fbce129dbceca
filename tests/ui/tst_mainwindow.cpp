// The main window trains on a worker thread: epochs arrive in the chart while the GUI thread
// keeps processing events, and Stop ends the run.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

#include "ui/document.h"
#include "ui/losschart.h"
#include "ui/mainwindow.h"
#include "ui/stackmodel.h"
#include "ui/trainingcontroller.h"

using namespace byom::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheExampleStack() {
        MainWindow w;
        auto* view = w.findChild<QTreeView*>(QStringLiteral("stackView"));
        QVERIFY(view);
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view->model()->rowCount(), 3);
        QCOMPARE(view->model()->index(0, StackModel::ShapeColumn).data().toString(), QStringLiteral("(32,)"));
        QCOMPARE(view->model()->index(2, StackModel::CountColumn).data().toString(), QStringLiteral("99"));
    }

    void clickingStartTrainsAndEpochsArrive() {
        MainWindow w;
        w.show();
        auto* start = w.findChild<QAction*>(QStringLiteral("startAction"));
        QVERIFY(start && start->isEnabled());
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        start->trigger();
        QVERIFY(w.trainingController()->isRunning());
        QVERIFY(!start->isEnabled());
        // Epochs arrive as queued signals while this (GUI) thread spins its event loop.
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 3, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QCOMPARE(epochs.count(), 80);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QTRY_COMPARE(w.lossChart()->pointCount(), 80);
        QVERIFY(start->isEnabled());
    }

    void stopEndsTheRun() {
        MainWindow w;
        byom::Project long_ = w.document()->project();
        long_.training.epochs = 100000;  // far longer than the test waits
        w.document()->reset(long_);
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 30000);
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(epochs.count() < 100000);
        QVERIFY(!w.trainingController()->isRunning());
    }

    void badProjectKeepsTheCurrentOne() {
        MainWindow w;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.byom"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"byom-project\", \"version\": 99}");
        f.close();
        const auto before = w.document()->project().toJson();
        QString error;
        QVERIFY(!w.document()->load(path, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QCOMPARE(w.document()->project().toJson(), before);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
