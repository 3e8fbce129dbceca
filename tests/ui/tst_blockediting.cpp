// The nestable blocks a HeartKit model is built of (a branch sum, a concatenating skip) as a
// person builds them in a shown window: a drop from the palette onto the stack, a layer
// dropped onto the block's row goes inside it, the block's `branches` raised with a click on
// its spin box's arrow and typed with Enter, undone and redone with the shortcuts; the table's
// parameter counts follow each edit.

#include <QSpinBox>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

#include "support/paletteindex.h"
#include "support/userinput.h"
#include "ui/designer/layerpalette.h"
#include "ui/designer/palettemodel.h"
#include "ui/designer/parameditor.h"
#include "ui/designer/propertyeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using byom::test::paletteIndex;
using namespace userinput;

class TestBlockEditing : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> w;

    QTreeView* stackView() const { return w->findChild<QTreeView*>(QStringLiteral("stackView")); }
    const byom::LayerSpec& block() const { return w->document()->currentStack().layers.at(0); }
    QString count(const QModelIndex& row) const {
        return row.siblingAtColumn(StackModel::CountColumn).data().toString();
    }
    /// Drops the palette's `kind` on the stack view at `pos`.
    bool dropFromPalette(const QString& kind, const QPoint& pos) {
        const QModelIndex from = paletteIndex(w->palette(), kind);
        if (!from.isValid()) return false;
        std::unique_ptr<QMimeData> mime(w->palette()->view()->model()->mimeData({from}));
        return mime && drop(stackView()->viewport(), pos, mime.get());
    }

private Q_SLOTS:
    void init() {
        QStandardPaths::setTestModeEnabled(true);
        w = std::make_unique<MainWindow>();
        Prompter& p = w->prompter();
        p.askSave = [](const QString&) { return Prompter::SaveAnswer::Discard; };
        p.warn = [](const QString& title, const QString& text) {
            QFAIL(qPrintable(QStringLiteral("unexpected warning: %1: %2").arg(title, text)));
        };
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w.get(), Qt::Key_N, Qt::ControlModifier);  // a new, empty project
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(0));
    }

    void cleanup() { w.reset(); }

    void branchSumByMouseAndKeyboard() {
        QTreeView* view = stackView();
        const QPoint bottom(view->viewport()->width() / 2, view->viewport()->height() - 5);
        QVERIFY(dropFromPalette(QStringLiteral("branch_sum"), bottom));
        QCOMPARE(block().kind, std::string("branch_sum"));
        QVERIFY(block().layers.empty());
        // A dense dropped onto the block's row goes inside it.
        const QModelIndex row = w->stackModel()->index(0, 0);
        QVERIFY(dropFromPalette(QStringLiteral("dense"), view->visualRect(row).center()));
        QCOMPARE(w->document()->currentStack().layers.size(), std::size_t(1));
        QCOMPARE(block().layers.size(), std::size_t(1));
        QCOMPARE(block().layers[0].kind, std::string("dense"));
        // Two copies of Dense(32) on the spirals' (2,) input: 2 x 96 parameters.
        QCOMPARE(count(w->stackModel()->index(0, 0)), QStringLiteral("192"));

        clickRow(view, w->stackModel()->index(0, 0));
        QTest::qWait(20);  // the property editor's inputs show once the event loop runs
        ParamEditor* param = w->propertyEditor()->editor(QStringLiteral("branches"));
        QVERIFY(param);
        auto* branches = qobject_cast<QSpinBox*>(param->input());
        QVERIFY(branches);
        QPointer<QSpinBox> alive(branches);
        clickArrow(branches, true);
        QCOMPARE(block().params["branches"].get<int>(), 3);
        QVERIFY(alive);
        QCOMPARE(count(w->stackModel()->index(0, 0)), QStringLiteral("288"));
        typeInto(branches, QStringLiteral("5"));
        QCOMPARE(block().params["branches"].get<int>(), 5);
        QCOMPARE(count(w->stackModel()->index(0, 0)), QStringLiteral("480"));
        // Undo and redo by shortcut: the edits of one field in a row are one step.
        view->setFocus();
        QTest::keySequence(view, QKeySequence::Undo);
        QCOMPARE(block().params["branches"].get<int>(), 2);
        QCOMPARE(count(w->stackModel()->index(0, 0)), QStringLiteral("192"));
        QTest::keySequence(view, QKeySequence::Redo);
        QCOMPARE(block().params["branches"].get<int>(), 5);
    }

    void concatSkipTakesALayerDroppedOnIt() {
        QTreeView* view = stackView();
        const QPoint bottom(view->viewport()->width() / 2, view->viewport()->height() - 5);
        QVERIFY(dropFromPalette(QStringLiteral("concat_skip"), bottom));
        const QModelIndex row = w->stackModel()->index(0, 0);
        QVERIFY(dropFromPalette(QStringLiteral("dense"), view->visualRect(row).center()));
        QCOMPARE(block().kind, std::string("concat_skip"));
        QCOMPARE(block().layers.size(), std::size_t(1));
        // The block's output: Dense(32)'s 32 features, then the input's 2.
        QVERIFY(row.siblingAtColumn(StackModel::ShapeColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("34")));
        QCOMPARE(count(row), QStringLiteral("96"));
        view->setFocus();
        QTest::keySequence(view, QKeySequence::Undo);  // the dense, back out
        QVERIFY(block().layers.empty());
    }
};

QTEST_MAIN(TestBlockEditing)
#include "tst_blockediting.moc"
