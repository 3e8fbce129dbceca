#include "ui/commands/insertlayers.h"

#include "ui/document.h"

namespace byom::ui {

InsertLayers::InsertLayers(Document* document, int stack, LayerPath at,
                           std::vector<LayerSpec> specs, const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      m_document(document),
      m_stack(stack),
      m_at(std::move(at)),
      m_specs(std::move(specs)) {}

QList<LayerPath> InsertLayers::paths() const {
    QList<LayerPath> out;
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        LayerPath p = m_at;
        p.back() += static_cast<int>(i);
        out.push_back(p);
    }
    return out;
}

void InsertLayers::redo() {
    const QList<LayerPath> at = paths();
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        m_document->insertLayer(m_stack, at[static_cast<int>(i)], m_specs[i]);
    m_document->announceInserted(m_stack, at);
}

void InsertLayers::undo() {
    const QList<LayerPath> at = paths();
    for (auto it = at.rbegin(); it != at.rend(); ++it) m_document->takeLayer(m_stack, *it);
}

}  // namespace byom::ui
