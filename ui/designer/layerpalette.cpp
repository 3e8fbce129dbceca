#include "ui/designer/layerpalette.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/designer/palettemodel.h"

namespace byom::ui {

LayerPalette::LayerPalette(QWidget* parent)
    : QWidget(parent),
      m_model(new PaletteModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_search(new QLineEdit),
      m_view(new QTreeView) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_search->setObjectName(QStringLiteral("paletteSearch"));
    m_search->setPlaceholderText(tr("Search layers"));
    m_search->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("paletteView"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragOnly);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->expandAll();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    connect(m_search, &QLineEdit::textChanged, this, &LayerPalette::setFilter);
    // Enter in the search field adds the first kind that matches.
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        for (QModelIndex i = m_proxy->index(0, 0); i.isValid(); i = m_view->indexBelow(i)) {
            const QString kind = i.data(PaletteModel::KindRole).toString();
            if (!kind.isEmpty()) {
                Q_EMIT kindActivated(kind);
                return;
            }
        }
    });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QString kind = index.data(PaletteModel::KindRole).toString();
        if (!kind.isEmpty()) Q_EMIT kindActivated(kind);
    });
}

void LayerPalette::setFilter(const QString& text) {
    if (m_search->text() != text) m_search->setText(text);
    m_proxy->setFilterFixedString(text);
    m_view->expandAll();
}

}  // namespace byom::ui
