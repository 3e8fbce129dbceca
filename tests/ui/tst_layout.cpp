// The window at the sizes people use (1280x800, 1600x1000): every view readable without
// scrolling sideways. Dock tabs show their whole titles, the tables show their columns and
// rows, long messages wrap instead of widening the window, plots have tick labels.

#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include "support/smallrun.h"
#include "ui/data/dataview.h"
#include "ui/data/sampleplot.h"
#include "ui/designer/parameditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/registry/registrypanel.h"
#include "ui/training/metricspanel.h"
#include "ui/training/runspanel.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

namespace {

// The views' own size hints, which Qt keeps protected (called through a member pointer).
struct TreePeek : QTreeView {
    using QTreeView::sizeHintForColumn;
};
struct TabPeek : QTabBar {
    using QTabBar::tabSizeHint;
};

int contentsWidth(QTreeView* view, int column) {
    return (view->*(&TreePeek::sizeHintForColumn))(column);
}

QSize tabSize(QTabBar* bar, int i) {
    return (bar->*(&TabPeek::tabSizeHint))(i);
}

/// Columns whose contents do not fit their section in a view that shows them.
QStringList cutColumns(QTreeView* view) {
    QStringList cut;
    QHeaderView* header = view->header();
    for (int c = 0; c < header->count(); ++c) {
        if (header->isSectionHidden(c)) continue;
        const int needed = std::max(contentsWidth(view, c), header->sectionSizeHint(c));
        if (header->sectionSize(c) < needed)
            cut << QStringLiteral("column %1 (%2 < %3)")
                       .arg(c)
                       .arg(header->sectionSize(c))
                       .arg(needed);
        if (header->sectionViewportPosition(c) + header->sectionSize(c) >
            view->viewport()->width() + 1)
            cut << QStringLiteral("column %1 past the right edge").arg(c);
    }
    return cut;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void viewsAreReadable_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }

    void viewsAreReadable() {
        QFETCH(QSize, size);
        MainWindow w;
        useSmallRun(w, 3);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(size);
        QVERIFY(trainToEnd(w));
        QCOMPARE(w.document()->project().runs.size(), std::size_t(1));
        QTest::qWait(100);
        QCOMPARE(w.size(), size);

        // Every dock tab shows its whole title.
        for (QTabBar* bar : w.findChildren<QTabBar*>()) {
            if (!bar->isVisible()) continue;
            for (int i = 0; i < bar->count(); ++i)
                QVERIFY2(bar->tabRect(i).width() >= tabSize(bar, i).width(),
                         qPrintable(QStringLiteral("tab \"%1\": %2 < %3")
                                        .arg(bar->tabText(i))
                                        .arg(bar->tabRect(i).width())
                                        .arg(tabSize(bar, i).width())));
        }
        // The stack's and the runs' columns fit.
        auto* stack = w.findChild<QTreeView*>(QStringLiteral("stackView"));
        QStringList cut = cutColumns(stack);
        QVERIFY2(cut.isEmpty(),
                 qPrintable(QStringLiteral("stack: ") + cut.join(QStringLiteral(", "))));
        w.dock(QStringLiteral("runsDock"))->raise();
        QTest::qWait(50);
        cut = cutColumns(w.runsPanel()->view());
        QVERIFY2(cut.isEmpty(),
                 qPrintable(QStringLiteral("runs: ") + cut.join(QStringLiteral(", "))));
        // The training options do not scroll sideways.
        w.dock(QStringLiteral("trainingDock"))->raise();
        QTest::qWait(50);
        auto* scroll = w.trainingPanel()->findChild<QScrollArea*>();
        QVERIFY(scroll);
        QVERIFY(!scroll->horizontalScrollBar()->isVisible());
        // The per-class metrics show every class.
        w.dock(QStringLiteral("metricsDock"))->raise();
        QTest::qWait(50);
        QTableWidget* classes = w.metricsPanel()->classTable();
        QCOMPARE(classes->rowCount(), 3);
        const int last = classes->rowCount() - 1;
        QVERIFY2(classes->rowViewportPosition(last) + classes->rowHeight(last) <=
                     classes->viewport()->height(),
                 "the last class row is cut off");
        // The registry's params preview shows more than a few lines.
        w.dock(QStringLiteral("registryDock"))->raise();
        QTest::qWait(50);
        auto* details =
            w.registryPanel()->findChild<QTabWidget*>(QStringLiteral("registryDetails"));
        QVERIFY(details);
        QTest::mouseClick(details->tabBar(), Qt::LeftButton, {},
                          details->tabBar()->tabRect(1).center());
        QTRY_COMPARE(details->currentIndex(), 1);
        auto* params =
            w.registryPanel()->findChild<QPlainTextEdit*>(QStringLiteral("registryParams"));
        QVERIFY(params);
        QVERIFY2(params->viewport()->height() >= 8 * params->fontMetrics().lineSpacing(),
                 qPrintable(QString::number(params->viewport()->height())));
        // The data scatter has round tick labels on both axes.
        w.dock(QStringLiteral("dataDock"))->raise();
        QTRY_VERIFY(w.dataView()->plot()->pointCount() > 0);
        QVERIFY(w.dataView()->plot()->xTickLabels().size() >= 3);
        QVERIFY(w.dataView()->plot()->yTickLabels().size() >= 3);
    }

    void longParameterListsWrap() {
        MainWindow w;
        byom::Project p = w.document()->project();
        p.stacks[0].inputShape = byom::Shape{800, 1};
        p.stacks[0].layers = {
            byom::LayerSpec::of("separable_conv1d"), byom::LayerSpec::of("global_avg_pool1d"),
            byom::LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}})};
        w.document()->reset(p);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(1280, 800);
        QTest::qWait(50);
        auto* view = w.findChild<QTreeView*>(QStringLiteral("stackView"));
        const QModelIndex params = w.stackModel()->index(0, StackModel::ParamsColumn);
        const QString text = params.data().toString();
        const int width = view->header()->sectionSize(StackModel::ParamsColumn);
        QVERIFY2(view->fontMetrics().horizontalAdvance(text) > width,
                 "the case needs a parameter list longer than its column");
        // Wrapped: the row is as tall as the lines it needs, nothing cut off.
        const int needed = view->fontMetrics()
                               .boundingRect(QRect(0, 0, width - 8, 10000), Qt::TextWordWrap, text)
                               .height();
        QVERIFY2(view->visualRect(params).height() >= needed,
                 qPrintable(
                     QStringLiteral("%1 < %2").arg(view->visualRect(params).height()).arg(needed)));
    }

    void scheduleShowsOnlyItsFields() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.dock(QStringLiteral("trainingDock"))->raise();
        QTest::qWait(50);
        TrainingPanel* panel = w.trainingPanel();
        auto shown = [panel](const char* path) {
            return panel->editor(QLatin1String(path))->isVisible();
        };
        QCOMPARE(w.document()->project().training.schedule.kind, std::string("constant"));
        QVERIFY(shown("schedule.warmup_steps"));
        QVERIFY(!shown("schedule.factor") && !shown("schedule.decay_rate") &&
                !shown("schedule.t_mul"));
        // Choosing "step" by keyboard shows its two fields, and only those.
        auto* kind =
            qobject_cast<QComboBox*>(panel->editor(QStringLiteral("schedule.kind"))->input());
        QVERIFY(kind);
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(w.document()->project().training.schedule.kind, std::string("step"));
        QTest::qWait(20);
        QVERIFY(shown("schedule.factor") && shown("schedule.step_size"));
        QVERIFY(!shown("schedule.decay_rate") && !shown("schedule.alpha"));
        w.document()->undoStack()->undo();
        QTest::qWait(20);
        QVERIFY(!shown("schedule.factor"));
    }

    void longMessagesNeverWidenTheWindow() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString path =
            QStringLiteral("/a/very/long/path/to/some/data/set/that/does/not/fit/anywhere/") +
            QString(300, QLatin1Char('x')) + QStringLiteral(".csv");
        w.setStatus(QStringLiteral("Cannot load ") + path);
        w.trainingPanel()->runEnded(QStringLiteral("run 1 failed: ") + path);
        QTest::qWait(100);
        QCOMPARE(w.width(), 1280);
        QVERIFY(w.dock(QStringLiteral("propertiesDock"))->width() < 500);
        QVERIFY(w.status().startsWith(QStringLiteral("Cannot load")));
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
