#include "ui/commands/changestack.h"

#include "ui/document.h"

namespace byom::ui {

namespace {

StackEntry headerOf(const StackEntry& s) {
    return {s.name, s.inputShape, s.numClasses, {}};
}

}  // namespace

ChangeStack::ChangeStack(Document* document, int stack, StackEntry header, QString field,
                         QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Change %1 of the stack").arg(field), parent),
      m_document(document),
      m_stack(stack),
      m_before(headerOf(document->stackAt(stack))),
      m_after(headerOf(header)),
      m_field(std::move(field)) {}

void ChangeStack::redo() {
    m_document->setStackHeader(m_stack, m_after);
}
void ChangeStack::undo() {
    m_document->setStackHeader(m_stack, m_before);
}

bool ChangeStack::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const ChangeStack*>(other);
    if (o->m_field != m_field || o->m_stack != m_stack) return false;
    m_after = o->m_after;
    if (m_after == m_before) setObsolete(true);
    return true;
}

}  // namespace byom::ui
