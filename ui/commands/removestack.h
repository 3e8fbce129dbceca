#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Removes a layer stack from the project (never the last one); undo restores it in place.
class RemoveStack : public QUndoCommand {
public:
    RemoveStack(Document* document, int index, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_index;
    StackEntry m_stack;
};

}  // namespace byom::ui
