#pragma once

#include <QUndoCommand>
#include <vector>

#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// Removes layers (anywhere in one stack, e.g. a multi-selection); the command keeps the
/// removed layers so undo puts each back where it was.
class RemoveLayers : public QUndoCommand {
public:
    RemoveLayers(Document* document, int stack, QList<LayerPath> paths, const QString& text,
                 QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_stack;
    QList<LayerPath> m_paths;  // ascending, none inside another
    std::vector<LayerSpec> m_removed;
};

}  // namespace byom::ui
