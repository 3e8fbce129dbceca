#include "ui/commands/renamearchitecture.h"

#include "ui/document.h"

namespace byom::ui {

namespace {

void renameReferences(std::vector<LayerSpec>& layers, const std::string& from,
                      const std::string& to) {
    for (LayerSpec& l : layers) {
        if (l.kind == "architecture" && l.params.value("name", std::string()) == from)
            l.params["name"] = to;
        renameReferences(l.layers, from, to);
    }
}

}  // namespace

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
    for (StackEntry& s : m_stacksAfter) renameReferences(s.layers, from, to);
    for (StackEntry& a : m_archsAfter) {
        if (a.name == from) a.name = to;
        renameReferences(a.layers, from, to);
    }
}

void RenameArchitecture::redo() {
    m_document->setStacksAndArchitectures(m_stacksAfter, m_archsAfter);
}
void RenameArchitecture::undo() {
    m_document->setStacksAndArchitectures(m_stacksBefore, m_archsBefore);
}

}  // namespace byom::ui
