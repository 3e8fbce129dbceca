#include "ui/commands/removestack.h"

#include "ui/document.h"

namespace byom::ui {

RemoveStack::RemoveStack(Document* document, int index, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_index(index) {
    setText(
        QObject::tr("Close stack %1").arg(QString::fromStdString(document->stackAt(index).name)));
}

void RemoveStack::redo() {
    m_stack = m_document->takeStack(m_index);
}
void RemoveStack::undo() {
    m_document->insertStack(m_index, m_stack);
}

}  // namespace byom::ui
