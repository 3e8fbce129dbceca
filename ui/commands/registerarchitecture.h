#pragma once

#include <QUndoCommand>
#include <optional>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Registers a stack as a named architecture of the project, replacing the user architecture
/// of that name if there is one (the caller has asked the user).
class RegisterArchitecture : public QUndoCommand {
public:
    RegisterArchitecture(Document* document, StackEntry arch, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    StackEntry m_arch;
    int m_index;
    std::optional<StackEntry> m_replaced;
};

}  // namespace byom::ui
