#include "ui/commands/stackfield.h"

#include <QObject>

#include "ui/document.h"

namespace byom::ui {

StackField::Value StackField::get(const Document& document) const {
    const StackEntry& s = document.stackAt(stack);
    return {s.name, s.inputShape, s.numClasses, {}};
}

void StackField::set(Document& document, const Value& value) const {
    document.setStackHeader(stack, value);
}

QString StackField::text(const Document& document) const {
    const QString name = QString::fromStdString(document.stackAt(stack).name);
    if (field == QStringLiteral("name")) return QObject::tr("Rename stack %1").arg(name);
    return QObject::tr("Change %1 of %2").arg(field, name);
}

}  // namespace byom::ui
