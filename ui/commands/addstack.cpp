#include "ui/commands/addstack.h"

#include "ui/document.h"

namespace byom::ui {

AddStack::AddStack(Document* document, StackEntry stack, const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      m_document(document),
      m_stack(std::move(stack)),
      m_index(static_cast<int>(document->project().stacks.size())) {}

void AddStack::redo() {
    m_previous = m_document->currentStackIndex();
    m_document->insertStack(m_index, m_stack);
}

void AddStack::undo() {
    m_stack = m_document->takeStack(m_index);
    m_document->setCurrentStackIndex(m_previous);
}

}  // namespace byom::ui
