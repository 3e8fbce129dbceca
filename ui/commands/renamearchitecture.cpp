#include "ui/commands/renamearchitecture.h"

#include "ui/document.h"

namespace byom::ui {

namespace {

bool refersTo(const LayerSpec& l, const std::string& name) {
    return l.kind == "architecture" && l.params.is_object() &&
           l.params.value("name", std::string()) == name;
}

void renameReferences(std::vector<LayerSpec>& layers, const std::string& from,
                      const std::string& to) {
    for (LayerSpec& l : layers) {
        if (refersTo(l, from)) l.params["name"] = to;
        renameReferences(l.layers, from, to);
    }
}

template <typename Visit>
void findReferences(const std::vector<LayerSpec>& layers, const std::string& name,
                    const LayerPath& at, Visit&& visit) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        LayerPath p = at;
        p.push_back(static_cast<int>(i));
        if (refersTo(layers[i], name)) visit(p);
        findReferences(layers[i].layers, name, p, visit);
    }
}

}  // namespace

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
        renameReferences(a.layers, from, to);
    }
    const auto& stacks = document->project().stacks;
    for (std::size_t s = 0; s < stacks.size(); ++s)
        findReferences(stacks[s].layers, from, {}, [this, s](const LayerPath& p) {
            m_references.push_back({static_cast<int>(s), p});
        });
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
