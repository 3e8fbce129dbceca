#pragma once

#include <QUndoCommand>
#include <string>

#include "core/train/trainconfig.h"

namespace byom::ui {

class Document;

/// Sets the project's data set (spec and content hash) together with the training options
/// chosen alongside it (validation split, normalisation, seed), as one undo step.
class ChangeData : public QUndoCommand {
public:
    ChangeData(Document* document, std::string spec, std::string hash, TrainConfig training,
               QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document* m_document;
    std::string m_specBefore, m_hashBefore, m_specAfter, m_hashAfter;
    TrainConfig m_trainingBefore, m_trainingAfter;
};

}  // namespace byom::ui
