#pragma once

namespace byom::ui {

/// The undo commands that merge with the one before them (QUndoCommand::id), in one place:
/// consecutive edits of the same field of the same thing are one undo step.
enum class MergeId : int {
    LayerField = 1001,     // a parameter or the label of one layer
    StackField = 1002,     // the name, input shape or classes of one stack
    TrainingField = 1010,  // one training option
};

}  // namespace byom::ui
