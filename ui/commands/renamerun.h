#pragma once

#include <QUndoCommand>
#include <string>

namespace byom::ui {

class Document;

/// Renames a kept run.
class RenameRun : public QUndoCommand {
public:
    RenameRun(Document* document, int index, std::string name, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_index;
    std::string m_before, m_after;
};

}  // namespace byom::ui
