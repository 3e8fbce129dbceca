#pragma once

#include <QUndoCommand>
#include <vector>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Renames a user architecture and every "architecture" block that refers to it, in the
/// stacks and in the other architectures.
class RenameArchitecture : public QUndoCommand {
public:
    RenameArchitecture(Document* document, const std::string& from, const std::string& to,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    std::vector<StackEntry> m_stacksBefore, m_archsBefore;
    std::vector<StackEntry> m_stacksAfter, m_archsAfter;
};

}  // namespace byom::ui
