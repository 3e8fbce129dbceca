#include "ui/commands/renamearchitecture.h"

#include "core/registry/architecturerefs.h"
#include "ui/document.h"

namespace byom::ui {

RenameArchitecture::RenameArchitecture(Document* document, const std::string& from,
                                       const std::string& to, QUndoCommand* parent)
    : QUndoCommand(parent),
      m_document(document),
      m_from(from),
      m_to(to),
      m_archsBefore(document->project().architectures) {
    setText(QObject::tr("Rename architecture %1 to %2")
                .arg(QString::fromStdString(from), QString::fromStdString(to)));
    m_archsAfter = m_archsBefore;
    for (StackEntry& a : m_archsAfter) {
        if (a.name == from) a.name = to;
        renameArchitecture(a.layers, from, to);
    }
    const auto& stacks = document->project().stacks;
    for (std::size_t s = 0; s < stacks.size(); ++s)
        for (const std::vector<int>& p : architectureBlockPaths(stacks[s].layers, from))
            m_references.push_back({static_cast<int>(s), LayerPath(p.begin(), p.end())});
}

void RenameArchitecture::apply(const std::vector<StackEntry>& archs, const std::string& name) {
    // The registry first, so each block that is renamed resolves at once.
    m_document->setArchitectures(archs);
    for (const Reference& r : m_references)
        m_document->setLayerField(r.stack, r.path, "name", json(name));
}

void RenameArchitecture::redo() {
    apply(m_archsAfter, m_to);
}
void RenameArchitecture::undo() {
    apply(m_archsBefore, m_from);
}

}  // namespace byom::ui
