#pragma once

#include <QUndoCommand>
#include <vector>

#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// Inserts layers side by side at one place of a stack (palette drops, paste, duplicate,
/// one-click fixes); undo takes them out again.
class InsertLayers : public QUndoCommand {
public:
    InsertLayers(Document* document, int stack, LayerPath at, std::vector<LayerSpec> specs,
                 const QString& text, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    QList<LayerPath> paths() const;

    Document* m_document;
    int m_stack;
    LayerPath m_at;
    std::vector<LayerSpec> m_specs;
};

}  // namespace byom::ui
