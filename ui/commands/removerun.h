#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Deletes a kept run; undo puts it back in place.
class RemoveRun : public QUndoCommand {
public:
    RemoveRun(Document* document, int index, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_index;
    RunRecord m_run;
};

}  // namespace byom::ui
