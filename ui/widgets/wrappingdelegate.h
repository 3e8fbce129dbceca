#pragma once

#include <QStyledItemDelegate>

QT_BEGIN_NAMESPACE
class QHeaderView;
QT_END_NAMESPACE

namespace byom::ui {

/// Draws a column's text wrapped onto as many lines as the column's width needs (a long
/// parameter list), instead of cutting it off with an ellipsis.
class WrappingDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    WrappingDelegate(QHeaderView* header, QObject* parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    QHeaderView* m_header;
};

}  // namespace byom::ui
