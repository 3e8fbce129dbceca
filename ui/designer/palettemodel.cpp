#include "ui/designer/palettemodel.h"

#include "core/layers/layercatalog.h"
#include "ui/designer/stackmodel.h"

namespace byom::ui {

PaletteModel::PaletteModel(QObject* parent) : QStandardItemModel(parent) {
    const LayerCatalog& catalog = LayerCatalog::instance();
    for (const std::string& category : catalog.categories()) {
        auto* group = new QStandardItem(QString::fromStdString(category));
        group->setFlags(Qt::ItemIsEnabled);
        QFont bold = group->font();
        bold.setBold(true);
        group->setFont(bold);
        for (const LayerDescriptor& d : catalog.all()) {
            if (d.category != category) continue;
            auto* item = new QStandardItem(QString::fromStdString(d.displayName));
            item->setData(QString::fromStdString(d.kind), KindRole);
            item->setToolTip(QString::fromStdString(d.doc));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
            group->appendRow(item);
        }
        appendRow(group);
    }
}

QStringList PaletteModel::mimeTypes() const {
    return {StackModel::kLayersMime, QStringLiteral("application/json")};
}

QMimeData* PaletteModel::mimeData(const QModelIndexList& indexes) const {
    json layers = json::array();
    for (const QModelIndex& i : indexes) {
        const QString kind = i.data(KindRole).toString();
        if (!kind.isEmpty()) layers.push_back(LayerSpec::of(kind.toStdString()).toJson());
    }
    return layers.empty() ? nullptr : StackModel::mimeFor(layers);
}

}  // namespace byom::ui
