#include "ui/commands/renamearchitecture.h"

#include "core/registry/architecturerefs.h"
#include "ui/document.h"

namespace byom::ui {

RenameArchitecture::RenameArchitecture(Document* document, const std::string& from,
                                       const std::string& to, QUndoCommand* parent)
    : QUndoCommand(parent),
      m_document(document),
      m_stacksBefore(document->project().stacks),
      m_archsBefore(document->project().architectures) {
    setText(QObject::tr("Rename architecture %1 to %2")
                .arg(QString::fromStdString(from), QString::fromStdString(to)));
    m_stacksAfter = m_stacksBefore;
    m_archsAfter = m_archsBefore;
    for (StackEntry& s : m_stacksAfter) renameArchitecture(s.layers, from, to);
    for (StackEntry& a : m_archsAfter) {
        if (a.name == from) a.name = to;
        renameArchitecture(a.layers, from, to);
    }
}

void RenameArchitecture::redo() {
    m_document->setStacksAndArchitectures(m_stacksAfter, m_archsAfter);
}
void RenameArchitecture::undo() {
    m_document->setStacksAndArchitectures(m_stacksBefore, m_archsBefore);
}

}  // namespace byom::ui
