#pragma once

#include <QUndoCommand>

#include "core/project/project.h"

namespace byom::ui {

class Document;

/// Changes a stack's name, input shape or number of classes; repeated edits of one field
/// merge into one undo step.
class ChangeStack : public QUndoCommand {
public:
    ChangeStack(Document* document, int stack, StackEntry header, QString field,
                QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return 1002; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* m_document;
    int m_stack;
    StackEntry m_before;  // header only: layers are not touched
    StackEntry m_after;
    QString m_field;
};

}  // namespace byom::ui
