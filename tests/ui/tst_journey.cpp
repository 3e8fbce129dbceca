// A user's journey through the app, driven by real input events in a shown window: a new
// project, layers from the palette (search + Enter, double-click, a drop), every kind of
// property editor by mouse and by keyboard, undo and redo by shortcut, a CSV loaded through
// File > Open Data and the stack fitted to it with the banner's button, training with pause,
// resume and stop, registration, every export from the File menu, the stack's budget in the
// Deploy panel and its C library button, save and reopen. Each step asserts the project's
// state. With BYOM_SCREENSHOTS=DIR the steps also render the README's screenshots
// (scripts/screenshots).

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include "core/deploy/budget.h"
#include "core/deploy/untrainedmodel.h"
#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/util/fileio.h"
#include "support/paletteindex.h"
#include "support/userinput.h"
#include "ui/data/datadialog.h"
#include "ui/deploy/budgetbar.h"
#include "ui/deploy/deploypanel.h"
#include "ui/deploy/targetchooser.h"
#include "ui/designer/layerpalette.h"
#include "ui/designer/palettemodel.h"
#include "ui/designer/parameditor.h"
#include "ui/designer/propertyeditor.h"
#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/training/confusionmatrixview.h"
#include "ui/training/decisionboundaryview.h"
#include "ui/training/losschart.h"
#include "ui/training/metricspanel.h"
#include "ui/training/runspanel.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/window/exportmenu.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using byom::test::paletteIndex;
using namespace userinput;
using byom::json;

namespace {

const byom::LayerSpec& layerAt(const MainWindow& w, int row) {
    return w.document()->currentStack().layers.at(static_cast<std::size_t>(row));
}

}  // namespace

class TestJourney : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> w;
    QTemporaryDir dir;
    QString nextSave;
    QString nextOpen;
    QString nextName;
    QString shots = qEnvironmentVariable("BYOM_SCREENSHOTS");

    StackEditor* editor() const { return w->stackEditor(); }
    QTreeView* stackView() const { return w->findChild<QTreeView*>(QStringLiteral("stackView")); }
    QAction* act(const char* name) const { return w->findChild<QAction*>(QLatin1String(name)); }
    QWidget* input(const char* param) const {
        ParamEditor* e = w->propertyEditor()->editor(QLatin1String(param));
        return e ? e->input() : nullptr;
    }
    ParamEditor* param(const char* name) const {
        return w->propertyEditor()->editor(QLatin1String(name));
    }
    void shoot(const QString& name, QWidget* what = nullptr) {
        if (shots.isEmpty()) return;
        QTest::qWait(150);  // let charts and layouts settle
        QVERIFY((what ? what : w.get())->grab().save(shots + QLatin1Char('/') + name));
    }
    void selectRow(int row) {
        clickRow(stackView(), w->stackModel()->index(row, 0));
        QCOMPARE(w->propertyEditor()->layerPath(), LayerPath{row});
        QTest::qWait(20);  // the new editors show once the event loop runs, as on screen
    }
    /// After a dialog closes the window manager gives the window back the focus (shortcuts
    /// act in the active window); the offscreen platform has no window manager.
    void backToTheWindow() {
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
    }
    void keys(QKeySequence seq) {
        QTest::keySequence(QApplication::focusWidget() ? QApplication::focusWidget() : w.get(),
                           seq);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir.isValid());
        w = std::make_unique<MainWindow>();
        Prompter& p = w->prompter();
        p.askSave = [](const QString&) { return Prompter::SaveAnswer::Discard; };
        p.confirm = [](const QString&, const QString&) { return true; };
        p.askText = [this](const QString&, const QString&, const QString&) {
            return std::optional<QString>(nextName);
        };
        p.saveFile = [this](const QString&, const QString&) { return nextSave; };
        p.openFile = [this](const QString&, const QString&) { return nextOpen; };
        p.warn = [](const QString& title, const QString& text) {
            QFAIL(qPrintable(QStringLiteral("unexpected warning: %1: %2").arg(title, text)));
        };
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        backToTheWindow();
    }

    void newProject() {
        QTest::keyClick(w.get(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(0));
        QVERIFY(w->document()->project().runs.empty());
        QCOMPARE(w->stackModel()->rowCount(), 0);
    }

    void addLayersFromThePalette() {
        LayerPalette* palette = w->palette();
        auto* search = palette->findChild<QLineEdit*>(QStringLiteral("paletteSearch"));
        // Search and Enter adds the first match.
        typeInto(search, QStringLiteral("dense"));
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(1));
        QCOMPARE(layerAt(*w, 0).kind, std::string("dense"));
        // A double-click on the palette's row adds another after the selected layer.
        const QModelIndex dense = paletteIndex(palette, QStringLiteral("dense"));
        QVERIFY(dense.isValid());
        doubleClickRow(palette->view(), dense);
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(2));
        // A drop from the palette below the last row appends.
        typeInto(search, QString(), Qt::Key_unknown);
        const QModelIndex dropout = paletteIndex(palette, QStringLiteral("dropout"));
        QVERIFY(dropout.isValid());
        std::unique_ptr<QMimeData> mime(palette->view()->model()->mimeData({dropout}));
        QVERIFY(mime);
        QTreeView* view = stackView();
        const QPoint below(view->viewport()->width() / 2, view->viewport()->height() - 5);
        QVERIFY(drop(view->viewport(), below, mime.get()));
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(3));
        QCOMPARE(layerAt(*w, 2).kind, std::string("dropout"));
        // The table shows what was added, with shapes and counts.
        QCOMPARE(w->stackModel()->index(1, StackModel::NameColumn).data().toString(),
                 QStringLiteral("dense_1"));
        QCOMPARE(w->stackModel()->index(0, StackModel::CountColumn).data().toString(),
                 QStringLiteral("96"));  // Dense(32) on the spirals' (2,) input
    }

    void editIntByMouseAndKeyboard() {
        selectRow(0);
        auto* units = qobject_cast<QSpinBox*>(input("units"));
        QVERIFY(units);
        QPointer<QSpinBox> alive(units);
        // The arrow click that used to delete the spin box under the mouse.
        clickArrow(units, true);
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 33);
        QVERIFY(alive);
        QCOMPARE(input("units"), units);  // updated in place, not rebuilt
        clickArrow(units, false);
        clickArrow(units, false);
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 31);
        // Typing and Enter, typing and Tab.
        typeInto(units, QStringLiteral("16"));
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 16);
        QVERIFY(alive);
        typeInto(units, QStringLiteral("24"), Qt::Key_Tab);
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 24);
        // A value out of range is refused with its message, not silently altered (-3 -> 3).
        const int undoCount = w->document()->undoStack()->count();
        typeInto(units, QStringLiteral("-3"));
        QVERIFY2(param("units")->error().contains(QStringLiteral(">= 1")),
                 qPrintable(param("units")->error()));
        QVERIFY(param("units")->findChild<QLabel*>(QStringLiteral("error"))->isVisible());
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 24);
        QCOMPARE(w->document()->undoStack()->count(), undoCount);
        typeInto(units, QStringLiteral("32"));
        QCOMPARE(layerAt(*w, 0).params["units"].get<int>(), 32);
        QVERIFY(param("units")->error().isEmpty());
    }

    void editEnumAndBool() {
        selectRow(1);
        auto* activation = qobject_cast<QComboBox*>(input("activation"));
        QVERIFY(activation);
        // By mouse: open the list and click an entry.
        QTest::mouseClick(activation, Qt::LeftButton);
        QAbstractItemView* list = activation->view();
        QTRY_VERIFY(list->isVisible());
        // The list ignores a release within a double-click time of opening (the opening
        // click's own release): a person's next click comes later.
        QTest::qWait(QApplication::doubleClickInterval() + 50);
        const int tanh = activation->findText(QStringLiteral("tanh"));
        QVERIFY(tanh >= 0);
        clickRow(list, list->model()->index(tanh, 0));
        QTRY_VERIFY(!list->isVisible());
        QCOMPARE(layerAt(*w, 1).params["activation"], json("tanh"));
        // By keyboard: the next entry.
        activation->setFocus();
        QTest::keyClick(activation, Qt::Key_Down);
        QCOMPARE(layerAt(*w, 1).params["activation"].get<std::string>(),
                 activation->itemText(tanh + 1).toStdString());
        QTest::keyClick(activation, Qt::Key_Up);
        QCOMPARE(layerAt(*w, 1).params["activation"], json("tanh"));
        // The check box by mouse, then by the space bar.
        auto* useBias = qobject_cast<QCheckBox*>(input("use_bias"));
        QVERIFY(useBias);
        QTest::mouseClick(useBias, Qt::LeftButton, {}, QPoint(6, useBias->height() / 2));
        QCOMPARE(layerAt(*w, 1).params["use_bias"], json(false));
        QCOMPARE(w->stackModel()->index(1, StackModel::CountColumn).data().toString(),
                 QLocale().toString(1024));
        useBias->setFocus();
        QTest::keyClick(useBias, Qt::Key_Space);
        QCOMPARE(layerAt(*w, 1).params["use_bias"], json(true));
    }

    void editFloat() {
        selectRow(2);
        auto* rate = qobject_cast<QDoubleSpinBox*>(input("rate"));
        QVERIFY(rate);
        const double before = layerAt(*w, 2).params["rate"].get<double>();
        clickArrow(rate, true);
        QVERIFY(layerAt(*w, 2).params["rate"].get<double>() > before);
        typeInto(rate, QStringLiteral("0.25"));
        QCOMPARE(layerAt(*w, 2).params["rate"].get<double>(), 0.25);
        typeInto(rate, QStringLiteral("1.5"));
        QVERIFY2(!param("rate")->error().isEmpty(), "a rate of 1.5 must be refused");
        QCOMPARE(layerAt(*w, 2).params["rate"].get<double>(), 0.25);
        typeInto(rate, QStringLiteral("0.2"));
        QCOMPARE(layerAt(*w, 2).params["rate"].get<double>(), 0.2);
    }

    void editPairAndList() {
        // A Conv1D and a Reshape from the palette by keyboard: select, Enter.
        LayerPalette* palette = w->palette();
        for (const char* kind : {"reshape", "conv1d"}) {
            const QModelIndex i = paletteIndex(palette, QLatin1String(kind));
            clickRow(palette->view(), i);
            QTest::keyClick(palette->view(), Qt::Key_Return);
        }
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(5));
        QCOMPARE(layerAt(*w, 3).kind, std::string("reshape"));
        QCOMPARE(layerAt(*w, 4).kind, std::string("conv1d"));
        selectRow(4);
        typeInto(input("kernel_size"), QStringLiteral("[1, 5]"));
        QCOMPARE(layerAt(*w, 4).params["kernel_size"], json::parse("[1, 5]"));
        typeInto(input("kernel_size"), QStringLiteral("7"), Qt::Key_Tab);
        QCOMPARE(layerAt(*w, 4).params["kernel_size"], json(7));
        typeInto(input("kernel_size"), QStringLiteral("[1, x]"));
        QVERIFY(!param("kernel_size")->error().isEmpty());
        QCOMPARE(layerAt(*w, 4).params["kernel_size"], json(7));
        selectRow(3);
        typeInto(input("target_shape"), QStringLiteral("[32, 1]"));
        QCOMPARE(layerAt(*w, 3).params["target_shape"], json::parse("[32, 1]"));
        // Reshape (32, 1) feeds the conv: the stack fits together up to its end.
        QCOMPARE(w->stackModel()->index(4, StackModel::ShapeColumn).data().toString(),
                 QStringLiteral("(26, 32)"));
        shoot(QStringLiteral("designer.png"));
    }

    void undoAndRedoByShortcut() {
        const std::string edited = projectToJson(w->document()->project()).dump();
        stackView()->setFocus();
        keys(QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(layerAt(*w, 3).params["target_shape"], json::parse("[-1, 1]"));
        keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(layerAt(*w, 3).params["target_shape"], json::parse("[32, 1]"));
        keys(QKeySequence(Qt::CTRL | Qt::Key_Z));
        keys(QKeySequence(Qt::CTRL | Qt::Key_Y));
        QCOMPARE(projectToJson(w->document()->project()).dump(), edited);
        // Delete the conv and the reshape by keyboard, then undo and redo that.
        selectRow(3);
        clickRow(stackView(), w->stackModel()->index(4, 0), Qt::ShiftModifier);
        QTest::keyClick(stackView(), Qt::Key_Delete);
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(3));
        keys(QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(5));
        keys(QKeySequence(Qt::CTRL | Qt::Key_Y));
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(3));
    }

    void loadACsvAndFitTheStack() {
        const QString iris = QStringLiteral(BYOM_TEST_DATA_DIR "/csv/iris.csv");
        QMenu* file = openMenu(w->menuBar(), QStringLiteral("File"));
        QVERIFY(file);
        QAction* openData = menuAction(file, QStringLiteral("Open Data"));
        QVERIFY(openData);
        bool dialogDone = false;
        whenModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<DataDialog*>(modal);
            QVERIFY(dialog);
            typeInto(dialog->findChild<QLineEdit*>(QStringLiteral("dataPath")), iris);
            QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), 20000);
            QCOMPARE(dialog->findChild<QComboBox*>(QStringLiteral("labelColumn"))->currentText(),
                     QStringLiteral("species"));
            shoot(QStringLiteral("data-dialog.png"), dialog);
            auto* buttons = dialog->findChild<QDialogButtonBox*>();
            // A click on "Use this data" (leaving the path field must not load it again).
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QVERIFY(!dialog->isVisible());
            dialogDone = true;
        });
        chooseMenuItem(file, openData);
        QTRY_VERIFY(dialogDone);
        backToTheWindow();
        QVERIFY(QString::fromStdString(w->document()->project().data)
                    .contains(QStringLiteral("iris.csv")));
        // The stack does not fit iris: flagged as soon as the data has loaded, Start disabled.
        QTRY_VERIFY_WITH_TIMEOUT(w->document()->dataShape().has_value(), 20000);
        auto* banner = editor()->findChild<QWidget*>(QStringLiteral("validationBanner"));
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(w->stackModel()->problem().contains(QStringLiteral("(4,)")));
        QVERIFY(!act("startAction")->isEnabled());
        shoot(QStringLiteral("validation-error.png"));
        // One click fits it: input (4,), a Dense(3, softmax) head after the dropout.
        auto* fix = editor()->findChild<QPushButton*>(QStringLiteral("dataFix"));
        QVERIFY(fix->isVisible());
        QTest::mouseClick(fix, Qt::LeftButton);
        const byom::StackEntry& s = w->document()->currentStack();
        QCOMPARE(s.inputShape, byom::Shape{4});
        QCOMPARE(s.layers.size(), std::size_t(4));
        QCOMPARE(s.layers[3].params["units"], json(3));
        QCOMPARE(s.layers[3].params["activation"], json("softmax"));
        QVERIFY(!banner->isVisible());
        QVERIFY(act("startAction")->isEnabled());
        // The fix is one undo step.
        keys(QKeySequence(Qt::CTRL | Qt::Key_Z));
        QVERIFY(banner->isVisible());
        QVERIFY(!act("startAction")->isEnabled());
        keys(QKeySequence(Qt::CTRL | Qt::Key_Y));
        QVERIFY(act("startAction")->isEnabled());
    }

    void trainPauseResumeStop() {
        auto* epochs =
            qobject_cast<QSpinBox*>(w->trainingPanel()->editor(QStringLiteral("epochs"))->input());
        QVERIFY(epochs);
        typeInto(epochs, QStringLiteral("100000"));
        QCOMPARE(w->document()->project().training.epochs, 100000);
        TrainingController* training = w->trainingController();
        QSignalSpy epochSpy(training, &TrainingController::epochFinished);
        QSignalSpy finished(training, &TrainingController::finished);
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(training->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(epochSpy.count() >= 3, 30000);
        shoot(QStringLiteral("training-progress.png"));
        // Pause and resume with the toolbar's button.
        auto* toolbar = w->findChild<QToolBar*>(QStringLiteral("trainingToolBar"));
        auto* pause = qobject_cast<QToolButton*>(toolbar->widgetForAction(act("pauseAction")));
        QVERIFY(pause);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(act("pauseAction")->isChecked());
        QTest::qWait(200);
        const int held = static_cast<int>(epochSpy.count());
        QTest::qWait(300);
        QVERIFY2(epochSpy.count() <= held + 1, "a paused run goes on");
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(!act("pauseAction")->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(epochSpy.count() > held + 3, 30000);
        // Stop by shortcut.
        QTest::keyClick(w.get(), Qt::Key_Period, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
        QCOMPARE(w->document()->project().runs.size(), std::size_t(1));
        // What trained is what is shown: the run's model has the table's parameters and input.
        const byom::RunRecord& run = w->document()->project().runs.front();
        const byom::TrainedModel model = byom::modelFromJson(run.model, "run 1");
        QCOMPARE(static_cast<qint64>(model.model->paramCount() + model.model->stateCount()),
                 w->stackModel()->totalParams());
        QCOMPARE(model.model->inputShape(), byom::Shape{4});
        QCOMPARE(model.model->outputShape(), byom::Shape{3});
        shoot(QStringLiteral("training.png"));
    }

    void registerTheStack() {
        nextName = QStringLiteral("irisnet");
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w->document()->architectureIndex("irisnet"), 0);
        QCOMPARE(w->document()->project().architectures.front().layers,
                 w->document()->currentStack().layers);
    }

    void exportEveryFormat() {
        for (const QString& section :
             {QStringLiteral("exportStack_"), QStringLiteral("exportRun_")}) {
            for (QAction* a : w->exportMenu()->actions()) {
                if (!a->objectName().startsWith(section)) continue;
                const QString format = a->objectName().mid(section.size());
                nextSave = dir.filePath(section + format);
                QMenu* file = openMenu(w->menuBar(), QStringLiteral("File"));
                QVERIFY(file);
                QMenu* exportMenu =
                    chooseMenuItem(file, menuAction(file, QStringLiteral("Export")));
                QVERIFY2(exportMenu, "File > Export did not open");
                QVERIFY2(a->isEnabled(), qPrintable(format));
                QSignalSpy exported(w->exportMenu(), &ExportMenu::exported);
                clickMenuItem(exportMenu, a);
                QTRY_COMPARE(exported.count(), 1);
                const QString written = exported.first().first().toString();
                QVERIFY2(QFileInfo::exists(written), qPrintable(written));
                if (QFileInfo(written).isFile())
                    QVERIFY2(QFileInfo(written).size() > 0, qPrintable(written));
            }
        }
    }

    void deployTheStack() {
        // The Deploy tab: the stack's budget on a preset picked by keyboard, then the trained
        // model written as a C library with the panel's button.
        QDockWidget* dock = w->dock(QStringLiteral("deployDock"));
        dock->raise();
        DeployPanel* panel = w->deployPanel();
        QTRY_VERIFY(panel->isVisible());
        QComboBox* combo = panel->targetChooser()->combo();
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        QTest::keyClick(combo, Qt::Key_Down);
        const byom::Target target =
            byom::Target::parse(combo->currentData().toString().toStdString());
        QTRY_VERIFY(panel->budget() && panel->budget()->target.name == target.name);
        const byom::Budget expected =
            byom::Budget::of(byom::ExportModel::fromTrained(byom::untrainedModel(
                                 w->document()->project(), w->document()->currentStack())),
                             target);
        QCOMPARE(panel->budget()->macs, expected.macs);
        QCOMPARE(panel->flashBar()->used(), expected.flashBytes());
        QCOMPARE(panel->ramBar()->used(), expected.ramBytes());
        QCOMPARE(panel->layerTable()->topLevelItemCount(),
                 static_cast<int>(expected.layers.size()));
        QVERIFY(panel->fitsLabel()->text().contains(QStringLiteral("Fits")));
        if (!shots.isEmpty()) {
            // The whole panel, for the README: on its own, tall enough for every figure.
            dock->setFloating(true);
            dock->resize(440, 720);
            shoot(QStringLiteral("deploy.png"), dock);
            dock->setFloating(false);
        }
        QVERIFY(panel->exportButton()->isEnabled());
        nextSave = dir.filePath(QStringLiteral("deploy-c"));
        QSignalSpy exported(w->exportMenu(), &ExportMenu::exported);
        QTest::mouseClick(panel->exportButton(), Qt::LeftButton);
        QTRY_COMPARE(exported.count(), 1);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("deploy-c/model.h"))));
    }

    void saveAndReopen() {
        const QString path = dir.filePath(QStringLiteral("iris.byom"));
        nextSave = path;
        QTest::keyClick(w.get(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(QFileInfo::exists(path));
        QVERIFY(!w->document()->isModified());
        const json saved = projectToJson(w->document()->project());
        const int points = w->lossChart()->pointCount();
        QVERIFY(points > 0);
        QTest::keyClick(w.get(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(w->lossChart()->pointCount(), 0);
        nextOpen = path;
        QTest::keyClick(w.get(), Qt::Key_O, Qt::ControlModifier);
        QCOMPARE(w->document()->filePath(), path);
        QCOMPARE(projectToJson(w->document()->project()), saved);
        // The reopened project shows its latest run as before saving.
        QTRY_COMPARE(w->lossChart()->pointCount(), points);
        QVERIFY(w->metricsPanel()->matrixView()->isVisible() ||
                !w->dock(QStringLiteral("metricsDock"))->isVisible());
        QVERIFY(!w->dock(QStringLiteral("boundaryDock"))->isVisible());  // 4 features
        shoot(QStringLiteral("main-window.png"));
    }

    void syntheticDataAndTwoRunsCompared() {
        // File > Synthetic Data: look at an ECG frame, then take the spirals.
        QMenu* file = openMenu(w->menuBar(), QStringLiteral("File"));
        QVERIFY(file);
        QAction* synthetic = menuAction(file, QStringLiteral("Synthetic Data"));
        QVERIFY(synthetic);
        bool dialogDone = false;
        whenModal([&](QWidget* dialog) {
            auto* generator = dialog->findChild<QComboBox*>(QStringLiteral("generator"));
            QVERIFY(generator);
            generator->setFocus();
            for (const char* name : {"ecg-rhythm", "spirals"}) {
                // By keyboard: the combo box jumps to the entry typed.
                QTest::keyClicks(generator, QLatin1String(name));
                QTRY_COMPARE(generator->currentText(), QLatin1String(name));
                if (QLatin1String(name) == QLatin1String("ecg-rhythm"))
                    shoot(QStringLiteral("synthetic-data.png"), dialog);
                QTest::qWait(1100);  // the combo's keyboard search forgets after a second
            }
            QTest::keyClick(generator, Qt::Key_Return);
            QVERIFY(!dialog->isVisible());
            dialogDone = true;
        });
        chooseMenuItem(file, synthetic);
        QTRY_VERIFY(dialogDone);
        backToTheWindow();
        QVERIFY(QString::fromStdString(w->document()->project().data)
                    .startsWith(QStringLiteral("synthetic:spirals")));
        // Iris's stack does not take the spirals' two features: fit it, train two short runs.
        QTRY_VERIFY_WITH_TIMEOUT(w->document()->dataShape().has_value() &&
                                     w->document()->dataShape()->input == byom::Shape{2},
                                 20000);
        QTRY_VERIFY(!act("startAction")->isEnabled());
        QTest::mouseClick(editor()->findChild<QPushButton*>(QStringLiteral("dataFix")),
                          Qt::LeftButton);
        QVERIFY(act("startAction")->isEnabled());
        auto* epochs =
            qobject_cast<QSpinBox*>(w->trainingPanel()->editor(QStringLiteral("epochs"))->input());
        typeInto(epochs, QStringLiteral("40"));
        for (int run = 2; run <= 3; ++run) {
            QSignalSpy finished(w->trainingController(), &TrainingController::finished);
            QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
            QCOMPARE(w->document()->project().runs.size(), std::size_t(run));
            if (run == 2) typeInto(epochs, QStringLiteral("80"));  // a longer second run
        }
        QVERIFY(w->dock(QStringLiteral("boundaryDock"))->isVisible());
        w->dock(QStringLiteral("boundaryDock"))->raise();
        shoot(QStringLiteral("decision-boundary.png"));
        w->dock(QStringLiteral("metricsDock"))->raise();
        QCOMPARE(w->metricsPanel()->classTable()->rowCount(), 3);
        shoot(QStringLiteral("confusion-matrix.png"));
        // Compare the two spirals runs: click one, Ctrl+click the other.
        w->dock(QStringLiteral("runsDock"))->raise();
        w->dock(QStringLiteral("dataDock"))->raise();
        QTreeWidget* runs = w->runsPanel()->view();
        clickRow(runs, runs->model()->index(1, 0));
        clickRow(runs, runs->model()->index(2, 0), Qt::ControlModifier);
        QTRY_COMPARE(w->lossChart()->overlayCount(), 2);
        shoot(QStringLiteral("runs-and-data.png"));
    }

    void reopenShowsTheLatestRunsBoundary() {
        // Saved with the spirals runs, reopened: the boundary is drawn again once the data set
        // has loaded, as it was before saving.
        QTest::keyClick(w.get(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!w->document()->isModified());
        const QString path = w->document()->filePath();
        QTest::keyClick(w.get(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(!w->boundaryView()->hasGrid());
        nextOpen = path;
        QTest::keyClick(w.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(w->boundaryView()->hasGrid(), 20000);
        QVERIFY(w->dock(QStringLiteral("boundaryDock"))->isVisible() ||
                !w->dock(QStringLiteral("boundaryDock"))->isHidden());
        QCOMPARE(w->lossChart()->pointCount(), 80);  // run 3's epochs
    }

    void cleanupTestCase() {
        w->prompter().askSave = [](const QString&) { return Prompter::SaveAnswer::Discard; };
        w.reset();
    }
};

QTEST_MAIN(TestJourney)
#include "tst_journey.moc"
