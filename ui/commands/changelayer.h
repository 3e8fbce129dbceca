#pragma once

#include <QUndoCommand>

#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// Changes one layer's params or label. Consecutive edits of the same field of the same layer
/// merge into one undo step (typing in a spin box is one edit, not one per keystroke).
class ChangeLayer : public QUndoCommand {
public:
    /// `field` names what is edited ("params.units", "label"); empty never merges.
    ChangeLayer(Document* document, int stack, LayerPath path, LayerSpec after, QString field,
                QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return 1001; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* m_document;
    int m_stack;
    LayerPath m_path;
    LayerSpec m_before;
    LayerSpec m_after;
    QString m_field;
};

}  // namespace byom::ui
