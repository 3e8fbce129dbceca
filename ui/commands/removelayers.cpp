#include "ui/commands/removelayers.h"

#include "ui/document.h"

namespace byom::ui {

RemoveLayers::RemoveLayers(Document* document, int stack, QList<LayerPath> paths,
                           const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      m_document(document),
      m_stack(stack),
      m_paths(normalizedPaths(std::move(paths))) {}

void RemoveLayers::redo() {
    // Last first, so the earlier paths stay valid.
    m_removed.assign(static_cast<std::size_t>(m_paths.size()), LayerSpec{});
    for (int i = static_cast<int>(m_paths.size()) - 1; i >= 0; --i)
        m_removed[static_cast<std::size_t>(i)] = m_document->takeLayer(m_stack, m_paths[i]);
}

void RemoveLayers::undo() {
    for (int i = 0; i < m_paths.size(); ++i)
        m_document->insertLayer(m_stack, m_paths[i], m_removed[static_cast<std::size_t>(i)]);
    m_removed.clear();
    m_document->announceInserted(m_stack, m_paths);
}

}  // namespace byom::ui
