#include "ui/commands/movelayers.h"

#include "ui/document.h"

namespace byom::ui {

MoveLayers::MoveLayers(Document* document, int stack, QList<LayerPath> paths, LayerPath to,
                       QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Move layers"), parent),
      m_document(document),
      m_stack(stack),
      m_from(normalizedPaths(std::move(paths))) {
    if (m_from.size() == 1) setText(QObject::tr("Move layer"));
    for (auto it = m_from.rbegin(); it != m_from.rend(); ++it) to = adjustedAfterRemoval(to, *it);
    for (int i = 0; i < m_from.size(); ++i) {
        LayerPath p = to;
        p.back() += i;
        m_to.push_back(p);
    }
}

bool MoveLayers::canMove(const QList<LayerPath>& paths, const LayerPath& to) {
    for (const LayerPath& p : paths)
        if (isAncestor(p, to)) return false;
    return !to.isEmpty();
}

void MoveLayers::move(const QList<LayerPath>& from, const QList<LayerPath>& to) {
    std::vector<LayerSpec> specs(static_cast<std::size_t>(from.size()));
    for (int i = static_cast<int>(from.size()) - 1; i >= 0; --i)
        specs[static_cast<std::size_t>(i)] = m_document->takeLayer(m_stack, from[i]);
    for (int i = 0; i < to.size(); ++i)
        m_document->insertLayer(m_stack, to[i], std::move(specs[static_cast<std::size_t>(i)]));
    m_document->announceInserted(m_stack, to);
}

void MoveLayers::redo() {
    move(m_from, m_to);
}
void MoveLayers::undo() {
    move(m_to, m_from);
}

}  // namespace byom::ui
