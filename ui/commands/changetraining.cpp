#include "ui/commands/changetraining.h"

#include "ui/document.h"

namespace byom::ui {

ChangeTraining::ChangeTraining(Document* document, TrainConfig after, QString field,
                               QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Change %1").arg(field), parent),
      m_document(document),
      m_before(document->project().training),
      m_after(std::move(after)),
      m_field(std::move(field)) {}

void ChangeTraining::redo() {
    m_document->setTraining(m_after);
}

void ChangeTraining::undo() {
    m_document->setTraining(m_before);
}

bool ChangeTraining::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const ChangeTraining*>(other);
    if (o->m_field != m_field) return false;
    m_after = o->m_after;
    if (m_after.toJson() == m_before.toJson()) setObsolete(true);
    return true;
}

}  // namespace byom::ui
