#include "ui/commands/unregisterarchitecture.h"

#include "ui/document.h"

namespace byom::ui {

UnregisterArchitecture::UnregisterArchitecture(Document* document, int index, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_index(index) {
    setText(QObject::tr("Unregister %1")
                .arg(QString::fromStdString(
                    document->project().architectures.at(static_cast<std::size_t>(index)).name)));
}

void UnregisterArchitecture::redo() {
    m_arch = m_document->takeArchitecture(m_index);
}
void UnregisterArchitecture::undo() {
    m_document->insertArchitecture(m_index, m_arch);
}

}  // namespace byom::ui
