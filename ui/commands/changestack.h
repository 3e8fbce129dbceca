#pragma once

#include "ui/commands/changevalue.h"
#include "ui/commands/stackfield.h"

namespace byom::ui {

/// Changes one field of a stack's header (name, input shape, classes); edits of the same field
/// merge.
using ChangeStack = ChangeValue<StackField>;

}  // namespace byom::ui
