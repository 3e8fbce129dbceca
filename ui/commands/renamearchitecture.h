#pragma once

#include <QUndoCommand>
#include <vector>

#include "core/project/project.h"
#include "ui/commands/layerpath.h"

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
    struct Reference {
        int stack;
        LayerPath path;
    };
    void apply(const std::vector<StackEntry>& archs, const std::string& name);

    Document* m_document;
    std::string m_from, m_to;
    std::vector<StackEntry> m_archsBefore, m_archsAfter;
    std::vector<Reference> m_references;  // the blocks of the stacks that use it
};

}  // namespace byom::ui
