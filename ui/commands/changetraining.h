#pragma once

#include <QUndoCommand>

#include "core/train/trainconfig.h"

namespace byom::ui {

class Document;

/// Changes the project's training config; repeated edits of one field (spinning the learning
/// rate) merge into one undo step.
class ChangeTraining : public QUndoCommand {
public:
    ChangeTraining(Document* document, TrainConfig after, QString field,
                   QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return 1010; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* m_document;
    TrainConfig m_before;
    TrainConfig m_after;
    QString m_field;
};

}  // namespace byom::ui
