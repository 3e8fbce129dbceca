// The main window trains on a worker thread: epochs arrive in the chart while the GUI thread
// keeps processing events, and Stop ends the run.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

#include "core/io/projectfile.h"
#include "core/util/fileio.h"
#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/training/losschart.h"
#include "ui/training/trainingcontroller.h"
#include "ui/widgets/prompter.h"
#include "ui/window/autosaver.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsTheExampleStack() {
        MainWindow w;
        auto* view = w.findChild<QTreeView*>(QStringLiteral("stackView"));
        QVERIFY(view);
        QAbstractItemModelTester tester(view->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view->model()->rowCount(), 3);
        QCOMPARE(view->model()->index(0, StackModel::ShapeColumn).data().toString(),
                 QStringLiteral("(32,)"));
        QCOMPARE(view->model()->index(2, StackModel::CountColumn).data().toString(),
                 QStringLiteral("99"));
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
        const auto before = projectToJson(w.document()->project());
        QString error;
        QVERIFY(!w.document()->load(path, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QCOMPARE(projectToJson(w.document()->project()), before);
    }

    void saveAndReopenGivesTheSameJson() {
        MainWindow w;
        w.stackEditor()->addLayer(QStringLiteral("dropout"));
        QVERIFY(w.document()->isModified());
        QVERIFY(w.windowTitle().contains(QStringLiteral("[*]")) && w.isWindowModified());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.byom"));
        QVERIFY(w.saveTo(path));
        QVERIFY(!w.document()->isModified());
        QVERIFY(!w.isWindowModified());
        const std::string saved = projectToJson(w.document()->project()).dump();
        MainWindow other;
        QVERIFY(other.openProject(path));
        QCOMPARE(projectToJson(other.document()->project()).dump(), saved);
        QCOMPARE(other.document()->filePath(), path);
    }

    void dirtyPromptGuardsUnsavedChanges() {
        MainWindow w;
        int asked = 0;
        Prompter::SaveAnswer answer = Prompter::SaveAnswer::Cancel;
        w.prompter().askSave = [&](const QString&) {
            ++asked;
            return answer;
        };
        QVERIFY(w.maybeSave());  // nothing to save: no question
        QCOMPARE(asked, 0);
        w.stackEditor()->addLayer(QStringLiteral("dropout"));
        QVERIFY(!w.maybeSave());
        QCOMPARE(asked, 1);
        QVERIFY(!w.close());  // cancelled: the window stays
        QCOMPARE(asked, 2);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.byom"));
        w.prompter().saveFile = [&](const QString&, const QString&) { return path; };
        answer = Prompter::SaveAnswer::Save;
        QVERIFY(w.maybeSave());
        QVERIFY(QFile::exists(path));
        QVERIFY(!w.document()->isModified());
        w.stackEditor()->addLayer(QStringLiteral("dropout"));
        answer = Prompter::SaveAnswer::Discard;
        QVERIFY(w.close());
    }

    void autosaveIsOfferedAfterACrash() {
        QString recovery;
        std::string edited;
        {
            MainWindow w;
            w.stackEditor()->addLayer(QStringLiteral("flatten"));
            edited = projectToJson(w.document()->project()).dump();
            QVERIFY(w.autosaver()->saveNow());
            recovery = w.autosaver()->recoveryPath();
            QVERIFY(QFile::exists(recovery));
            // No close(): as if the program died here.
        }
        MainWindow w;
        bool asked = false;
        w.prompter().confirm = [&](const QString&, const QString&) { return asked = true; };
        QVERIFY(w.offerRecovery());
        QVERIFY(asked);
        QCOMPARE(projectToJson(w.document()->project()).dump(), edited);
        QVERIFY(w.document()->isModified());
        w.prompter().askSave = [](const QString&) { return Prompter::SaveAnswer::Discard; };
        QVERIFY(w.close());
        QVERIFY(!QFile::exists(recovery));
    }

    void exportAndImportParams() {
        MainWindow w;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("params.json"));
        QVERIFY(w.exportParams(path));
        const byom::json j = byom::readJsonFile(path.toStdString());
        QCOMPARE(j["name"], byom::json("stack"));
        QCOMPARE(j["params"]["layers"].size(), std::size_t(3));
        QVERIFY(w.importFile(path));
        QCOMPARE(w.document()->project().stacks.size(), std::size_t(2));
        QCOMPARE(w.document()->currentStack().layers, w.document()->project().stacks[0].layers);
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"name\": \"mlpp\", \"params\": {}}");
        bad.close();
        QVERIFY(!w.importFile(bad.fileName()));
        QVERIFY(warnings.last().contains(QStringLiteral("did you mean \"mlp\"")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
