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

void MoveLayers::moveAndRecord() {
    // m_to reads in the stack without the moved layers. There, the moved layers go in front of
    // one layer (the anchor) or to the end of a list; read that place in the stack as it is.
    auto beforeRemoval = [this](LayerPath p) {
        for (const LayerPath& f : m_from) p = adjustedAfterInsertion(p, f);
        return p;
    };
    const LayerPath& first = m_to.front();
    LayerPath parent = beforeRemoval(first.mid(0, first.size() - 1));
    auto rowsOf = [this](const LayerPath& p) {
        const std::vector<LayerSpec>& top = m_document->stackAt(m_stack).layers;
        const LayerSpec* l = p.isEmpty() ? nullptr : layerAt(top, p);
        return static_cast<int>(p.isEmpty() ? top.size() : l ? l->layers.size() : 0);
    };
    int remaining = rowsOf(parent);
    for (const LayerPath& f : m_from)
        if (f.mid(0, f.size() - 1) == parent) --remaining;
    std::optional<LayerPath> anchor;
    if (first.back() < remaining) anchor = beforeRemoval(first);
    QList<LayerPath> pending = m_from;
    for (int i = 0; i < pending.size(); ++i) {
        const LayerPath from = pending[i];
        LayerPath to;
        if (anchor) {
            to = adjustedAfterRemoval(*anchor, from);
        } else {
            to = adjustedAfterRemoval(parent, from);
            to.push_back(rowsOf(parent) - (from.mid(0, from.size() - 1) == parent ? 1 : 0));
        }
        m_document->moveLayer(m_stack, from, to);
        m_steps.push_back({from, to});
        for (int j = i + 1; j < pending.size(); ++j)
            pending[j] = adjustedAfterMove(pending[j], from, to);
        if (anchor) anchor = adjustedAfterMove(*anchor, from, to);
        parent = adjustedAfterMove(parent, from, to);
    }
}

void MoveLayers::redo() {
    if (m_steps.empty())
        moveAndRecord();
    else
        for (const Step& s : m_steps) m_document->moveLayer(m_stack, s.from, s.to);
    m_document->announceInserted(m_stack, m_to);
}

void MoveLayers::undo() {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        m_document->moveLayer(m_stack, it->to, it->from);
    m_document->announceInserted(m_stack, m_from);
}

}  // namespace byom::ui
