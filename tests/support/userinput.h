#pragma once

// Real input for GUI tests: mouse clicks where a person would click (a spin box's arrow, a
// row of a view, a menu item), typing, and drops, delivered as events to shown widgets.

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QStyle>
#include <QStyleOptionSpinBox>
#include <QTimer>
#include <QtTest>
#include <functional>

namespace userinput {

/// The centre of a spin box's up or down arrow, as its style draws it.
inline QPoint arrowCentre(QAbstractSpinBox* box, bool up) {
    QStyleOptionSpinBox opt;
    opt.initFrom(box);
    opt.rect = box->rect();
    opt.frame = box->hasFrame();
    opt.buttonSymbols = box->buttonSymbols();
    opt.subControls = QStyle::SC_SpinBoxFrame | QStyle::SC_SpinBoxEditField | QStyle::SC_SpinBoxUp |
                      QStyle::SC_SpinBoxDown;
    opt.stepEnabled = QAbstractSpinBox::StepUpEnabled | QAbstractSpinBox::StepDownEnabled;
    return box->style()
        ->subControlRect(QStyle::CC_SpinBox, &opt,
                         up ? QStyle::SC_SpinBoxUp : QStyle::SC_SpinBoxDown, box)
        .center();
}

/// Clicks a spin box's arrow with the mouse.
inline void clickArrow(QAbstractSpinBox* box, bool up) {
    QTest::mouseClick(box, Qt::LeftButton, {}, arrowCentre(box, up));
}

/// Clicks into a line edit (or a spin box's text), selects what is there and types `text`,
/// then presses `finish` (Enter or Tab).
inline void typeInto(QWidget* field, const QString& text, Qt::Key finish = Qt::Key_Return) {
    QTest::mouseClick(field, Qt::LeftButton, {}, QPoint(8, field->height() / 2));
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(field, Qt::Key_Backspace);
    else
        QTest::keyClicks(field, text);
    if (finish != Qt::Key_unknown) QTest::keyClick(field, finish);
}

/// Clicks the row of `index` in a view (column 0 unless the index says otherwise).
inline void clickRow(QAbstractItemView* view, const QModelIndex& index,
                     Qt::KeyboardModifiers modifiers = {}) {
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers,
                      view->visualRect(index).center());
}

inline void doubleClickRow(QAbstractItemView* view, const QModelIndex& index) {
    view->scrollTo(index);
    const QPoint at = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
}

/// Drops `mime` on `target` at `pos` the way a drag from another widget ends: enter, move,
/// drop. Returns whether the target accepted the drop.
inline bool drop(QWidget* target, const QPoint& pos, QMimeData* mime,
                 Qt::DropAction action = Qt::CopyAction) {
    QDragEnterEvent enter(pos, action, mime, Qt::LeftButton, {});
    QApplication::sendEvent(target, &enter);
    QDragMoveEvent move(pos, action, mime, Qt::LeftButton, {});
    QApplication::sendEvent(target, &move);
    if (!move.isAccepted()) return false;
    QDropEvent dropEvent(pos, action, mime, Qt::LeftButton, {});
    QApplication::sendEvent(target, &dropEvent);
    return dropEvent.isAccepted();
}

/// Runs `act` on the next modal dialog once it is shown (a dialog's exec() blocks the code
/// that opened it). A dialog `act` leaves open (a failed check) is rejected, so the test goes on.
inline void whenModal(const std::function<void(QWidget*)>& act) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || !modal->isVisible()) return;
        timer->stop();
        timer->deleteLater();
        act(modal);
        if (auto* dialog = qobject_cast<QDialog*>(modal); dialog && dialog->isVisible())
            dialog->reject();
    });
    timer->start();
}

/// Opens a menu of the menu bar by clicking its title; returns the shown menu.
inline QMenu* openMenu(QMenuBar* bar, const QString& title) {
    for (QAction* a : bar->actions()) {
        if (a->text().remove(QLatin1Char('&')) != title || !a->menu()) continue;
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(a).center());
        QMenu* menu = a->menu();
        if (!QTest::qWaitFor([menu] { return menu->isVisible(); }, 2000)) return nullptr;
        return menu;
    }
    return nullptr;
}

/// The action of `menu` whose text (without '&' and a trailing "...") is `text`.
inline QAction* menuAction(QMenu* menu, const QString& text) {
    for (QAction* a : menu->actions()) {
        QString t = a->text().remove(QLatin1Char('&'));
        if (t.endsWith(QStringLiteral("..."))) t.chop(3);
        if (t == text) return a;
    }
    return nullptr;
}

/// Picks an item of a shown menu with the keyboard: Down until it is the active item, then
/// Enter (Right for a submenu, which is returned once shown). The keyboard, not a click: an
/// item that opens a modal dialog runs it inside the menu's event, and Qt delivers a test
/// click's events to the dialog only after that event has returned.
inline QMenu* chooseMenuItem(QMenu* menu, QAction* action) {
    for (int i = 0; i < menu->actions().size() && menu->activeAction() != action; ++i)
        QTest::keyClick(menu, Qt::Key_Down);
    if (menu->activeAction() != action) return nullptr;
    if (QMenu* sub = action->menu()) {
        QTest::keyClick(menu, Qt::Key_Right);
        return QTest::qWaitFor([sub] { return sub->isVisible(); }, 2000) ? sub : nullptr;
    }
    QTest::keyClick(menu, Qt::Key_Return);
    return nullptr;
}

/// Clicks an item of a shown menu (one that opens no modal dialog).
inline void clickMenuItem(QMenu* menu, QAction* action) {
    const QPoint at = menu->actionGeometry(action).center();
    QTest::mouseMove(menu, at);
    QTest::mouseClick(menu, Qt::LeftButton, {}, at);
}

}  // namespace userinput
