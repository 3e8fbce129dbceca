#include "ui/widgets/wrappingdelegate.h"

#include <QHeaderView>

namespace byom::ui {

WrappingDelegate::WrappingDelegate(QHeaderView* header, QObject* parent)
    : QStyledItemDelegate(parent), m_header(header) {}

void WrappingDelegate::initStyleOption(QStyleOptionViewItem* option,
                                       const QModelIndex& index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    option->features |= QStyleOptionViewItem::WrapText;
    option->textElideMode = Qt::ElideNone;
}

QSize WrappingDelegate::sizeHint(const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
    // The view asks without a width; wrap at the column's.
    QStyleOptionViewItem wide = option;
    wide.rect = QRect(0, 0, m_header->sectionSize(index.column()), 1);  // valid: wraps
    return QStyledItemDelegate::sizeHint(wide, index);
}

}  // namespace byom::ui
