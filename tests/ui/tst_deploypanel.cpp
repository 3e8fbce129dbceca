// The Deploy panel in a shown window, driven by real input: a target picked in the combo by
// mouse and by keyboard, custom figures typed with Enter, the stack edited from the palette.
// Its figures are checked against `byom deploy --project P --arch STACK --json` for the same
// project (the command line's own path to a budget), and against the layer names the stack
// shows.

#include <QAbstractItemView>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include "core/io/projectfile.h"
#include "support/cliprocess.h"
#include "support/userinput.h"
#include "ui/deploy/budgetbar.h"
#include "ui/deploy/deploypanel.h"
#include "ui/deploy/targetchooser.h"
#include "ui/designer/layerpalette.h"
#include "ui/designer/parameditor.h"
#include "ui/designer/propertyeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/widgets/messagelabel.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using namespace userinput;

class TestDeployPanel : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> w;
    QTemporaryDir dir;

    DeployPanel* panel() const { return w->deployPanel(); }
    QComboBox* combo() const { return panel()->targetChooser()->combo(); }
    std::string shownTarget() const {
        return panel()->budget() ? panel()->budget()->target.name : std::string();
    }

    /// What `byom deploy` says about the window's current stack on `target`.
    QJsonObject cliBudget(const QString& target) {
        const QString project = dir.filePath(QStringLiteral("deploy.byom"));
        byom::saveProject(project.toStdString(), w->document()->project());
        const byom::test::CliRun r = byom::test::runCli(
            {QStringLiteral("deploy"), QStringLiteral("--project"), project,
             QStringLiteral("--arch"), QString::fromStdString(w->document()->currentStack().name),
             QStringLiteral("--target"), target, QStringLiteral("--json")});
        if (r.code != 0) qWarning() << r.err;
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    static QString barText(long long used, long long budget) {
        auto size = [](long long b) {
            return QLocale().formattedDataSize(b, 1, QLocale::DataSizeTraditionalFormat);
        };
        return QStringLiteral("%1 of %2 (%3%)")
            .arg(size(used), size(budget),
                 QLocale().toString(100.0 * double(used) / double(budget), 'f', 1));
    }

    /// The panel shows what the command line computes for `target`.
    void checkAgainstCli(const QString& target) {
        const QJsonObject b = cliBudget(target);
        QVERIFY(!b.isEmpty());
        const long long flash =
            b[QStringLiteral("flash")][QStringLiteral("total_bytes")].toInteger();
        const long long ram = b[QStringLiteral("ram")][QStringLiteral("total_bytes")].toInteger();
        const long long flashBudget =
            b[QStringLiteral("target")][QStringLiteral("flash_bytes")].toInteger();
        const long long ramBudget =
            b[QStringLiteral("target")][QStringLiteral("ram_bytes")].toInteger();
        QCOMPARE(panel()->flashBar()->used(), flash);
        QCOMPARE(panel()->flashBar()->budget(), flashBudget);
        QCOMPARE(panel()->ramBar()->used(), ram);
        QCOMPARE(panel()->ramBar()->budget(), ramBudget);
        QCOMPARE(panel()->flashBar()->value(),
                 int(std::lround(std::min(1.0, double(flash) / double(flashBudget)) * 1000)));
        QCOMPARE(panel()->ramBar()->value(),
                 int(std::lround(std::min(1.0, double(ram) / double(ramBudget)) * 1000)));
        QCOMPARE(panel()->flashBar()->text(), barText(flash, flashBudget));
        QCOMPARE(panel()->ramBar()->text(), barText(ram, ramBudget));
        QCOMPARE(panel()->flashBar()->isOver(), flash > flashBudget);
        QCOMPARE(panel()->ramBar()->isOver(), ram > ramBudget);
        const long long macs = b[QStringLiteral("macs")].toInteger();
        QVERIFY2(panel()->macsLabel()->text().contains(QLocale().toString(macs)),
                 qPrintable(panel()->macsLabel()->text()));
        const QJsonObject latency = b[QStringLiteral("latency_estimate")].toObject();
        const QString ms = QString::number(latency[QStringLiteral("ms")].toDouble(), 'g', 3);
        QVERIFY2(panel()->latencyLabel()->text().contains(
                     QStringLiteral("Estimated latency: about %1 ms").arg(ms)),
                 qPrintable(panel()->latencyLabel()->text()));
        auto* method = panel()->findChild<QLabel*>(QStringLiteral("latencyMethod"));
        QVERIFY(method->text().startsWith(QStringLiteral("An estimate")));
        QVERIFY2(method->text().contains(latency[QStringLiteral("method")].toString()),
                 qPrintable(method->text()));
        const bool fits = b[QStringLiteral("fits")].toBool();
        QCOMPARE(panel()->fitsLabel()->text().contains(QStringLiteral("Does not fit")), !fits);
        // One row per layer with calls, named as the stack names its layers.
        const QJsonArray layers = b[QStringLiteral("layers")].toArray();
        QTreeWidget* table = panel()->layerTable();
        QCOMPARE(table->topLevelItemCount(), layers.size());
        long long sum = 0;
        for (int i = 0; i < table->topLevelItemCount(); ++i) {
            const QJsonObject l = layers[i].toObject();
            QCOMPARE(table->topLevelItem(i)->text(0), l[QStringLiteral("name")].toString());
            QCOMPARE(table->topLevelItem(i)->text(1), l[QStringLiteral("kind")].toString());
            QCOMPARE(table->topLevelItem(i)->text(2),
                     QLocale().toString(l[QStringLiteral("macs")].toInteger()));
            sum += l[QStringLiteral("macs")].toInteger();
        }
        QCOMPARE(sum, macs);
    }

private Q_SLOTS:
    void initTestCase() {
        // Settings go to the test mode's own directory, under a name of the tests' own.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("BYOM tests"));
        QSettings().remove(QStringLiteral("deploy/target"));
        QVERIFY(dir.isValid());
        w = std::make_unique<MainWindow>();
        w->prompter().warn = [](const QString& title, const QString& text) {
            QFAIL(qPrintable(QStringLiteral("unexpected warning: %1: %2").arg(title, text)));
        };
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->dock(QStringLiteral("deployDock"))->raise();
        QTRY_VERIFY(panel()->isVisible());
    }

    void showsTheStacksBudget() {
        QTRY_VERIFY(panel()->budget());
        QCOMPARE(shownTarget(), std::string("apollo3"));  // the first preset
        checkAgainstCli(QStringLiteral("apollo3"));
        // The example's dense layers, named as the stack editor names them.
        QTreeWidget* table = panel()->layerTable();
        QCOMPARE(table->topLevelItem(0)->text(0),
                 w->stackModel()->index(0, StackModel::NameColumn).data().toString());
        QCOMPARE(table->topLevelItem(1)->text(0), QStringLiteral("dense_1"));
        QVERIFY(!panel()->reasonLabel()->isVisible());
        QVERIFY(panel()->fitsLabel()->text().startsWith(QStringLiteral("<b>Fits</b>")));
        // No run yet: nothing to export as a C library.
        QVERIFY(!panel()->exportButton()->isEnabled());
    }

    void pickATargetWithTheMouse() {
        // Open the list and click an entry.
        QTest::mouseClick(combo(), Qt::LeftButton);
        QAbstractItemView* popup = combo()->view();
        QTRY_VERIFY(popup->isVisible());
        // The list ignores a release within a double-click time of opening (the opening
        // click's own release): a person's next click comes later.
        QTest::qWait(QApplication::doubleClickInterval() + 50);
        const QModelIndex stm32 =
            popup->model()->index(combo()->findData(QStringLiteral("stm32l476")), 0);
        QVERIFY(stm32.isValid());
        clickRow(popup, stm32);
        QTRY_VERIFY(!popup->isVisible());
        QTRY_COMPARE(shownTarget(), std::string("stm32l476"));
        checkAgainstCli(QStringLiteral("stm32l476"));
        QCOMPARE(QSettings().value(QStringLiteral("deploy/target")).toString(),
                 QStringLiteral("stm32l476"));
        QCOMPARE(panel()->targetChooser()->ramField()->text(), QStringLiteral("128"));
        QVERIFY(panel()->targetChooser()->ramField()->isReadOnly());
    }

    void pickATargetWithTheKeyboardDebounced() {
        QSignalSpy updates(panel(), &DeployPanel::updated);
        combo()->setFocus();
        // Three quick steps: one computation, for where the keys stop.
        const int start = combo()->currentIndex();
        for (int i = 0; i < 2; ++i) QTest::keyClick(combo(), Qt::Key_Down);
        QTest::keyClick(combo(), Qt::Key_Up);
        QCOMPARE(combo()->currentIndex(), start + 1);
        const std::string name = combo()->currentData().toString().toStdString();
        QTRY_COMPARE(shownTarget(), name);
        QCOMPARE(updates.count(), 1);
        checkAgainstCli(QString::fromStdString(name));
    }

    void customFiguresTypedWithEnter() {
        combo()->setFocus();
        QTest::keyClick(combo(), Qt::Key_End);
        QCOMPARE(combo()->currentData().toString(), QStringLiteral("custom"));
        TargetChooser* chooser = panel()->targetChooser();
        QVERIFY(!chooser->ramField()->isReadOnly());
        typeInto(chooser->clockField(), QStringLiteral("32"));
        typeInto(chooser->flashField(), QStringLiteral("512"));
        typeInto(chooser->ramField(), QStringLiteral("64"));
        QTRY_VERIFY(panel()->budget() && panel()->budget()->target.ramBytes == 64 * 1024);
        QCOMPARE(panel()->budget()->target.clockHz, 32e6);
        QCOMPARE(panel()->budget()->target.flashBytes, 512 * 1024LL);
        const QString spec = QStringLiteral("custom:clock=32MHz,flash=512KB,ram=64KB");
        QCOMPARE(QSettings().value(QStringLiteral("deploy/target")).toString(), spec);
        checkAgainstCli(spec);
    }

    void aStackThatDoesNotFitIsOverBudget() {
        // The example's weights alone take about 5 KB of flash.
        typeInto(panel()->targetChooser()->flashField(), QStringLiteral("4"));
        QTRY_VERIFY(panel()->budget() && panel()->budget()->target.flashBytes == 4096);
        QVERIFY(panel()->flashBar()->isOver());
        QVERIFY(!panel()->ramBar()->isOver());
        QCOMPARE(panel()->flashBar()->value(), 1000);
        QVERIFY(panel()->flashBar()->styleSheet().contains(QStringLiteral("#d03030")));
        QVERIFY(panel()->ramBar()->styleSheet().isEmpty());
        QVERIFY2(panel()->fitsLabel()->text().contains(QStringLiteral("Does not fit")) &&
                     panel()->fitsLabel()->text().contains(QStringLiteral("flash by")),
                 qPrintable(panel()->fitsLabel()->text()));
        checkAgainstCli(QStringLiteral("custom:clock=32MHz,flash=4KB,ram=64KB"));
    }

    void aTargetThatDoesNotParseShowsWhy() {
        typeInto(panel()->targetChooser()->clockField(), QStringLiteral("fast"));
        QTRY_VERIFY(panel()->reasonLabel()->isVisible());
        QVERIFY(!panel()->budget());
        QVERIFY2(panel()->reasonLabel()->message().contains(QStringLiteral("clock")),
                 qPrintable(panel()->reasonLabel()->message()));
        QVERIFY(!panel()->flashBar()->isVisible());
        typeInto(panel()->targetChooser()->clockField(), QStringLiteral("32"));
        QTRY_VERIFY(panel()->budget());
        QVERIFY(!panel()->reasonLabel()->isVisible());
        QVERIFY(panel()->flashBar()->isVisible());
    }

    void anUnbuildableStackShowsTheReason() {
        // A convolution after the dense layers: it needs a (length, channels) input.
        auto* search = w->palette()->findChild<QLineEdit*>(QStringLiteral("paletteSearch"));
        QVERIFY(search);
        const std::size_t before = w->document()->currentStack().layers.size();
        typeInto(search, QStringLiteral("conv1d"));
        QCOMPARE(w->document()->currentStack().layers.size(), before + 1);
        QTRY_VERIFY(panel()->reasonLabel()->isVisible());
        QVERIFY(!panel()->budget());
        QVERIFY(!panel()->flashBar()->isVisible());
        QVERIFY2(panel()->reasonLabel()->message().contains(QStringLiteral("conv1d")),
                 qPrintable(panel()->reasonLabel()->message()));
        // Undone, the numbers come back.
        w->document()->undoStack()->undo();
        QTRY_VERIFY(panel()->budget());
        QVERIFY(!panel()->reasonLabel()->isVisible());
        checkAgainstCli(QStringLiteral("custom:clock=32MHz,flash=4KB,ram=64KB"));
    }

    void aHugeStackIsNotBuiltToBeBudgeted() {
        // Typed into the property editor: dense layers of 65536 and 400 units, 26 million
        // parameters, beyond the live limit.
        const byom::Project before = w->document()->project();
        w->dock(QStringLiteral("propertiesDock"))->raise();
        auto* view = w->findChild<QTreeView*>(QStringLiteral("stackView"));
        QVERIFY(view);
        const std::pair<int, const char*> edits[] = {{0, "65536"}, {1, "400"}};
        for (const auto& edit : edits) {
            clickRow(view, w->stackModel()->index(edit.first, 0));
            QCOMPARE(w->propertyEditor()->layerPath(), LayerPath{edit.first});
            QTest::qWait(20);  // the new editors show once the event loop runs
            ParamEditor* units = w->propertyEditor()->editor(QStringLiteral("units"));
            QVERIFY(units);
            typeInto(units->input(), QString::fromLatin1(edit.second));
        }
        QVERIFY(w->stackModel()->totalParams() > 20'000'000);
        w->dock(QStringLiteral("deployDock"))->raise();
        QTRY_VERIFY(panel()->reasonLabel()->isVisible());
        QVERIFY(!panel()->budget());
        QVERIFY2(panel()->reasonLabel()->message().contains(QStringLiteral("too large")),
                 qPrintable(panel()->reasonLabel()->message()));
        // Undone with the shortcut, the numbers come back.
        w->activateWindow();
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->document()->currentStack().layers[0].params, before.stacks[0].layers[0].params);
        QCOMPARE(w->document()->currentStack().layers[1].params, before.stacks[0].layers[1].params);
        QTRY_VERIFY(panel()->budget());
        QVERIFY(!panel()->reasonLabel()->isVisible());
    }

    void theTargetIsKeptForTheNextWindow() {
        DeployPanel again(w->document(), w->stackModel());
        QCOMPARE(again.targetChooser()->spec(),
                 QStringLiteral("custom:clock=32MHz,flash=4KB,ram=64KB"));
        QCOMPARE(again.targetChooser()->flashField()->text(), QStringLiteral("4KB"));
    }

    void cleanupTestCase() {
        QSettings().remove(QStringLiteral("deploy/target"));
        w.reset();
    }
};

QTEST_MAIN(TestDeployPanel)
#include "tst_deploypanel.moc"
