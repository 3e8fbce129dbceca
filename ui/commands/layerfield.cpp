#include "ui/commands/layerfield.h"

#include <QObject>

#include "ui/document.h"

namespace byom::ui {

LayerField::Value LayerField::get(const Document& document) const {
    const LayerSpec* spec = document.layer(stack, path);
    if (!spec) return std::nullopt;
    if (key == "label") return json(spec->label);
    if (!spec->params.is_object() || !spec->params.contains(key)) return std::nullopt;
    return spec->params.at(key);
}

void LayerField::set(Document& document, const Value& value) const {
    document.setLayerField(stack, path, key, value);
}

QString LayerField::text(const Document& document) const {
    const QString layer = QString::fromStdString(document.layerName(stack, path));
    if (key == "label") return QObject::tr("Rename %1").arg(layer);
    return QObject::tr("Change %1 of %2").arg(QString::fromStdString(key), layer);
}

}  // namespace byom::ui
