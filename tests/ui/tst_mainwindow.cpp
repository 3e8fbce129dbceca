// The main window trains on a worker thread: epochs arrive in the chart while the GUI thread
// keeps processing events, and Stop ends the run.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

#include "core/io/projectfile.h"
#include "core/model/model.h"
#include "core/util/fileio.h"
#include "support/userinput.h"
#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/training/losschart.h"
#include "ui/training/trainingcontroller.h"
#include "ui/widgets/prompter.h"
#include "ui/window/autosaver.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using namespace userinput;

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
    // A HeartKit task config (seg-4-tcn-sm's architecture, HeartKit's task keys around it)
    // taken through File > Import as a user does it: the stack has the config's frame size and
    // class count and Keras's parameter count, the key HeartKit drops is reported, and one
    // Ctrl+Z takes the import back. A denoise config without num_classes gets HeartKit's 1.
    void importsAHeartKitTaskConfigFromTheFileMenu() {
        auto block = [](int filters, int dilation, int se) {
            return byom::json{{"depth", 1},
                              {"branch", 1},
                              {"filters", filters},
                              {"kernel", {1, 7}},
                              {"dilation", {1, dilation}},
                              {"dropout", 0.1},
                              {"ex_ratio", 1},
                              {"se_ratio", se},
                              {"norm", "batch"}};
        };
        byom::json arch = {
            {"name", "tcn"},
            {"params",
             {{"input_kernel", {1, 7}},
              {"input_norm", "batch"},
              {"blocks", {block(16, 1, 0), block(24, 2, 2), block(32, 4, 2), block(48, 8, 2)}},
              {"output_kernel", {1, 7}},
              {"include_top", true},
              {"use_logits", true},
              {"model_name", "tcn"}}}};
        byom::json config = {{"name", "seg-4-tcn-sm"},
                             {"project", "hk-segmentation-4"},
                             {"num_classes", 4},
                             {"frame_size", 256},
                             {"sampling_rate", 100},
                             {"batch_size", 256},
                             {"datasets", byom::json::array()},
                             {"architecture", arch}};
        QTemporaryDir dir;
        const QString seg = dir.filePath(QStringLiteral("seg-4-tcn-sm.json"));
        byom::writeFileAtomic(seg.toStdString(), config.dump(4));
        config.erase("num_classes");
        config["name"] = "den-tcn-sm";
        const QString den = dir.filePath(QStringLiteral("den-tcn-sm.json"));
        byom::writeFileAtomic(den.toStdString(), config.dump(4));

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QString chosen;
        w.prompter().openFile = [&](const QString&, const QString&) { return chosen; };
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        auto import = [&](const QString& path) {
            chosen = path;
            QMenu* file = openMenu(w.menuBar(), QStringLiteral("File"));
            QVERIFY(file);
            chooseMenuItem(file, menuAction(file, QStringLiteral("Import Model or Params JSON")));
        };
        import(seg);
        QTRY_COMPARE(w.document()->project().stacks.size(), std::size_t(2));
        const byom::StackEntry& stack = w.document()->currentStack();
        QCOMPARE(stack.name, std::string("tcn"));
        QCOMPARE(stack.inputShape, (byom::Shape{256, 1}));
        QCOMPARE(stack.numClasses, std::optional<int>(4));
        const byom::Model<float> model(stack.layers, stack.inputShape);
        QCOMPARE(model.paramCount(), byom::Index(6922));  // Keras's trainable count
        QCOMPARE(model.outputShape(), (byom::Shape{256, 4}));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].contains(QStringLiteral("params.model_name")),
                 qPrintable(warnings[0]));

        import(den);
        QTRY_COMPARE(w.document()->project().stacks.size(), std::size_t(3));
        QCOMPARE(w.document()->currentStack().numClasses, std::optional<int>(1));
        QCOMPARE(w.document()->currentStack().name, std::string("tcn 2"));

        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(w.document()->project().stacks.size(), std::size_t(2));
        QCOMPARE(w.document()->project().stacks.back().numClasses, std::optional<int>(4));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
