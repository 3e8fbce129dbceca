#pragma once

#include "ui/commands/changevalue.h"
#include "ui/commands/trainingfield.h"

namespace byom::ui {

/// Changes one field of the training config; edits of the same field merge.
using ChangeTraining = ChangeValue<TrainingField>;

}  // namespace byom::ui
