// The Deploy panel's Quantisation section in a shown window, driven by real input: a run
// trained from the window, "Quantise to int8" clicked, the figures checked against the core's
// own quantisation of the same run (what `byom quantize` reports), then a layer's "keep in
// float" box clicked to re-quantise with it in float, and clicked again to undo that; the
// same with the keyboard (Space on the box's cell); the int8 model shown saved and exported as
// the int8 C library through its buttons, the file holding the core's quantisation and the
// library's self-test passing on this machine.

#include <QBarSet>
#include <QChartView>
#include <QDockWidget>
#include <QFileInfo>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "core/deploy/runquantizer.h"
#include "core/io/modelfile.h"
#include "support/smallrun.h"
#include "ui/deploy/deploypanel.h"
#include "ui/deploy/quantizationsection.h"
#include "ui/document.h"
#include "ui/window/exportmenu.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

class TestQuantizationSection : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> w;

    QuantizationSection* section() const { return w->deployPanel()->quantization(); }

    void reveal(QWidget* widget) {
        for (QWidget* p = widget->parentWidget(); p; p = p->parentWidget())
            if (auto* scroll = qobject_cast<QScrollArea*>(p)) scroll->ensureWidgetVisible(widget);
    }

    /// Clicks the "keep in float" box of the row named `layer` where a user would: on the
    /// check indicator the style draws in that cell.
    bool clickKeep(const QString& layer) {
        QTreeWidget* t = section()->layerTable();
        const QList<QTreeWidgetItem*> items = t->findItems(layer, Qt::MatchExactly, 0);
        if (items.size() != 1) return false;
        t->scrollToItem(items.first());
        reveal(t);
        const QModelIndex index = t->model()->index(t->indexOfTopLevelItem(items.first()),
                                                    QuantizationSection::kKeepColumn);
        QStyleOptionViewItem opt;
        opt.initFrom(t->viewport());
        opt.rect = t->visualRect(index);
        opt.features |= QStyleOptionViewItem::HasCheckIndicator;
        const QRect box =
            t->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, t);
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, box.center());
        return true;
    }

    /// The core's report for the window's run with `keep` in float.
    byom::QuantReport expected(const std::set<std::string>& keep) {
        const byom::RunRecord& run = w->document()->project().runs.back();
        return byom::RunQuantizer::fromRun(byom::modelFromJson(run.model, run.name),
                                           byom::RunManifest::fromJson(run.manifest, run.name), ".",
                                           keep)
            .report;
    }

    void checkShows(const byom::QuantReport& want) {
        QVERIFY(section()->report());
        const byom::QuantReport& got = *section()->report();
        QCOMPARE(got.int8Score, want.int8Score);
        QCOMPARE(got.agreement, want.agreement);
        QTreeWidget* t = section()->layerTable();
        QCOMPARE(t->topLevelItemCount(), int(want.layers.size()));
        for (int i = 0; i < t->topLevelItemCount(); ++i) {
            const byom::QuantReport::Layer& l = want.layers[static_cast<std::size_t>(i)];
            QCOMPARE(t->topLevelItem(i)->text(0), QString::fromStdString(l.name));
            const QString sqnr = l.isFloat
                                     ? QStringLiteral("float")
                                     : QLocale().toString(l.sqnrDb, 'f', 1) + QStringLiteral(" dB");
            QCOMPARE(t->topLevelItem(i)->text(2), sqnr);
        }
        QVERIFY(section()->summaryLabel()->text().contains(
            QLocale().toString(100 * want.int8Score, 'f', 2)));
        const QList<QAbstractSeries*> series = section()->chartView()->chart()->series();
        QCOMPARE(series.size(), 1);
        auto* bars = qobject_cast<QHorizontalStackedBarSeries*>(series.first());
        QVERIFY(bars);
        bool kept = false;
        for (const byom::QuantReport::Layer& l : want.layers) kept |= l.isFloat;
        QCOMPARE(bars->count(), kept ? 3 : 2);
        QCOMPARE(bars->barSets().first()->count(), int(want.layers.size()));
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("BYOM tests"));
        w = std::make_unique<MainWindow>();
        w->prompter().warn = [](const QString& title, const QString& text) {
            QFAIL(qPrintable(QStringLiteral("unexpected warning: %1: %2").arg(title, text)));
        };
        useSmallRun(*w, 40);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(!section()->quantizeButton()->isEnabled());  // no run yet
        QVERIFY(trainToEnd(*w));
        w->dock(QStringLiteral("deployDock"))->raise();
        QTRY_VERIFY(section()->isVisible());
        QTRY_VERIFY(section()->quantizeButton()->isEnabled());
    }

    void quantisesTheRun() {
        QSignalSpy updated(section(), &QuantizationSection::updated);
        reveal(section()->quantizeButton());
        QTest::mouseClick(section()->quantizeButton(), Qt::LeftButton);
        QVERIFY(updated.wait(60000));
        checkShows(expected({}));
        QVERIFY(section()->keptInFloat().empty());
        if (const QString dir = qEnvironmentVariable("BYOM_SCREENSHOTS"); !dir.isEmpty()) {
            section()->resize(520, section()->sizeHint().height());
            QVERIFY(section()->grab().save(dir + QStringLiteral("/deploy-quantization.png")));
        }
    }

    void keepInFloatRequantises() {
        QSignalSpy updated(section(), &QuantizationSection::updated);
        QVERIFY(clickKeep(QStringLiteral("dense_1")));
        QVERIFY(updated.wait(60000));
        QCOMPARE(section()->keptInFloat(), std::set<std::string>{"dense_1"});
        checkShows(expected({"dense_1"}));
        QCOMPARE(
            section()->layerTable()->topLevelItem(1)->checkState(QuantizationSection::kKeepColumn),
            Qt::Checked);
        // A second click takes it back to int8.
        QVERIFY(clickKeep(QStringLiteral("dense_1")));
        QVERIFY(updated.wait(60000));
        QVERIFY(section()->keptInFloat().empty());
        checkShows(expected({}));
    }

    /// The keyboard: a click on the layer's "keep in float" cell (beside its box) makes it
    /// current, Space ticks the box and re-quantises; Space again takes it back.
    void keepInFloatByKeyboard() {
        QSignalSpy updated(section(), &QuantizationSection::updated);
        QTreeWidget* t = section()->layerTable();
        const QList<QTreeWidgetItem*> items =
            t->findItems(QStringLiteral("dense"), Qt::MatchExactly, 0);
        QCOMPARE(items.size(), 1);
        reveal(t);
        const QModelIndex index = t->model()->index(t->indexOfTopLevelItem(items.first()),
                                                    QuantizationSection::kKeepColumn);
        const QRect cell = t->visualRect(index);
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {},
                          QPoint(cell.right() - 2, cell.center().y()));
        QCOMPARE(t->currentIndex(), index);
        QVERIFY(section()->keptInFloat().empty());
        QTest::keyClick(t, Qt::Key_Space);
        QVERIFY(updated.wait(60000));
        QCOMPARE(section()->keptInFloat(), std::set<std::string>{"dense"});
        checkShows(expected({"dense"}));
        // The table is filled again: its box is at the same place, made current by a click.
        const QRect again = t->visualRect(t->model()->index(index.row(), index.column()));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {},
                          QPoint(again.right() - 2, again.center().y()));
        QVERIFY(section()->keptInFloat().size() == 1);
        QTest::keyClick(t, Qt::Key_Space);
        QVERIFY(updated.wait(60000));
        QVERIFY(section()->keptInFloat().empty());
    }

    void savesAndExportsTheInt8Model() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(!section()->saveButton()->isEnabled() || section()->report());
        QSignalSpy updated(section(), &QuantizationSection::updated);
        QVERIFY(clickKeep(QStringLiteral("dense_1")));
        QVERIFY(updated.wait(60000));
        QTRY_VERIFY(section()->saveButton()->isEnabled());
        QVERIFY(section()->exportButton()->isEnabled());

        // A folder that does not exist: one warning naming the file, nothing written.
        const QString nowhere = dir.filePath(QStringLiteral("missing/int8.json"));
        QString warning;
        const auto failOnWarning = w->prompter().warn;
        w->prompter().warn = [&](const QString&, const QString& text) { warning = text; };
        w->prompter().saveFile = [&](const QString&, const QString&) { return nowhere; };
        reveal(section()->saveButton());
        QTest::mouseClick(section()->saveButton(), Qt::LeftButton);
        w->prompter().warn = failOnWarning;
        QVERIFY2(warning.contains(QStringLiteral("int8.json")), qPrintable(warning));
        QVERIFY(!QFileInfo::exists(nowhere));

        // Save: a name without an extension gets .json.
        const QString saved = dir.filePath(QStringLiteral("int8"));
        w->prompter().saveFile = [&](const QString&, const QString&) { return saved; };
        reveal(section()->saveButton());
        QTest::mouseClick(section()->saveButton(), Qt::LeftButton);
        const byom::TrainedModel m = byom::loadModelFile(saved.toStdString() + ".json");
        QVERIFY(m.quantized);
        QCOMPARE(m.quantization.at("keep_float"), byom::json::array({"dense_1"}));
        const byom::RunRecord& run = w->document()->project().runs.back();
        const byom::RunQuantizer::Result want = byom::RunQuantizer::fromRun(
            byom::modelFromJson(run.model, run.name),
            byom::RunManifest::fromJson(run.manifest, run.name), ".", {"dense_1"});
        QCOMPARE(m.quantized->toJson(), want.graph.toJson());
        QCOMPARE(m.quantization.at("report"), want.report.toJson());

        // Export: the int8 C library, whose self-test requires the integer engine's outputs
        // exactly; built and run with the host's compiler.
        const QString out = dir.filePath(QStringLiteral("c"));
        w->prompter().saveFile = [&](const QString&, const QString&) { return out; };
        QSignalSpy exported(w->exportMenu(), &ExportMenu::exported);
        reveal(section()->exportButton());
        QTest::mouseClick(section()->exportButton(), Qt::LeftButton);
        QCOMPARE(exported.size(), 1);
        QFile header(out + QStringLiteral("/model.h"));
        QVERIFY(header.open(QIODevice::ReadOnly));
        QVERIFY(header.readAll().contains("int8"));
        QProcess make;
        make.setWorkingDirectory(out);
        make.start(QStringLiteral("make"), {QStringLiteral("-s")});
        QVERIFY(make.waitForFinished(120000));
        QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
    }

    void cleanupTestCase() { w.reset(); }
};

QTEST_MAIN(TestQuantizationSection)
#include "tst_quantizationsection.moc"
