#include "ui/commands/changelayer.h"

#include "ui/document.h"

namespace byom::ui {

ChangeLayer::ChangeLayer(Document* document, int stack, LayerPath path, LayerSpec after,
                         QString field, QUndoCommand* parent)
    : QUndoCommand(parent),
      m_document(document),
      m_stack(stack),
      m_path(std::move(path)),
      m_before(*document->layer(stack, m_path)),
      m_after(std::move(after)),
      m_field(std::move(field)) {
    // In the user's words: "Change units of dense", not the JSON path "params.units".
    QString what = m_field;
    what.remove(QStringLiteral("params."));
    const QString layer =
        QString::fromStdString(m_before.label.empty() ? m_before.kind : m_before.label);
    setText(what.isEmpty() ? QObject::tr("Change %1").arg(layer)
                           : QObject::tr("Change %1 of %2").arg(what, layer));
}

void ChangeLayer::redo() {
    m_document->setLayer(m_stack, m_path, m_after);
}
void ChangeLayer::undo() {
    m_document->setLayer(m_stack, m_path, m_before);
}

bool ChangeLayer::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const ChangeLayer*>(other);
    if (m_field.isEmpty() || o->m_field != m_field || o->m_stack != m_stack || o->m_path != m_path)
        return false;
    m_after = o->m_after;
    if (m_after == m_before) setObsolete(true);
    return true;
}

}  // namespace byom::ui
