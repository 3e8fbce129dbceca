#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
QT_END_NAMESPACE

namespace byom::ui {

class PaletteModel;

/// The searchable, categorised layer palette: drag a kind onto the stack, or double-click /
/// press Enter to add it after the selected layer.
class LayerPalette : public QWidget {
    Q_OBJECT

public:
    explicit LayerPalette(QWidget* parent = nullptr);

    PaletteModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    void setFilter(const QString& text);

Q_SIGNALS:
    /// A kind was chosen by double-click or Enter.
    void kindActivated(const QString& kind);

private:
    PaletteModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_search;
    QTreeView* m_view;
};

}  // namespace byom::ui
