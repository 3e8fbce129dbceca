#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Keeps a finished training run in the project (appended to its runs).
class AddRun : public QUndoCommand {
public:
    AddRun(Document* document, RunRecord run, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_index;
    RunRecord m_run;
};

}  // namespace byom::ui
