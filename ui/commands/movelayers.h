#pragma once

#include <QUndoCommand>
#include <vector>

#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// Moves layers to another place of the same stack (drag to reorder, into or out of blocks),
/// one layer at a time, so views see moves (and keep what they show of each layer).
class MoveLayers : public QUndoCommand {
public:
    /// `to` is where the first moved layer goes, as read before the move.
    MoveLayers(Document* document, int stack, QList<LayerPath> paths, LayerPath to,
               QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

    /// False when the destination lies inside one of the moved layers.
    static bool canMove(const QList<LayerPath>& paths, const LayerPath& to);
    /// True when the layers would end up where they are.
    bool isNoOp() const { return m_from == m_to; }

private:
    struct Step {
        LayerPath from, to;
    };
    /// Moves the layers one by one, each in front of the layer the moved ones end up before
    /// (or to the end of their new list), recording the steps for undo and redo.
    void moveAndRecord();

    Document* m_document;
    int m_stack;
    QList<LayerPath> m_from;  // ascending
    QList<LayerPath> m_to;    // after the move, ascending
    std::vector<Step> m_steps;
};

}  // namespace byom::ui
