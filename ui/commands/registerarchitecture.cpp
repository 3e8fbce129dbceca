#include "ui/commands/registerarchitecture.h"

#include "ui/document.h"

namespace byom::ui {

RegisterArchitecture::RegisterArchitecture(Document* document, StackEntry arch,
                                           QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_arch(std::move(arch)) {
    m_index = document->architectureIndex(m_arch.name);
    if (m_index < 0) m_index = static_cast<int>(document->project().architectures.size());
    setText(QObject::tr("Register architecture %1").arg(QString::fromStdString(m_arch.name)));
}

void RegisterArchitecture::redo() {
    if (m_document->architectureIndex(m_arch.name) >= 0)
        m_replaced = m_document->takeArchitecture(m_index);
    m_document->insertArchitecture(m_index, m_arch);
}

void RegisterArchitecture::undo() {
    m_document->takeArchitecture(m_index);
    if (m_replaced) m_document->insertArchitecture(m_index, *m_replaced);
    m_replaced.reset();
}

}  // namespace byom::ui
