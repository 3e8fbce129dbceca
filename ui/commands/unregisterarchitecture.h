#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Removes a user architecture from the project's registry; undo registers it again in place.
class UnregisterArchitecture : public QUndoCommand {
public:
    UnregisterArchitecture(Document* document, int index, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    int m_index;
    StackEntry m_arch;
};

}  // namespace byom::ui
