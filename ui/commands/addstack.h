#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Adds a layer stack to the project (New stack, open an architecture as a stack, import
/// params) and makes it the current one.
class AddStack : public QUndoCommand {
public:
    AddStack(Document* document, StackEntry stack, const QString& text,
             QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    StackEntry m_stack;
    int m_index;
    int m_previous = 0;
};

}  // namespace byom::ui
