#pragma once

#include <QStandardItemModel>

namespace byom::ui {

/// The layer catalogue as a two-level tree (category, then kind), generated from LayerCatalog;
/// dragging a kind carries a layer with its default params as JSON.
class PaletteModel : public QStandardItemModel {
    Q_OBJECT

public:
    static constexpr int KindRole = Qt::UserRole + 1;

    explicit PaletteModel(QObject* parent = nullptr);

    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
};

}  // namespace byom::ui
