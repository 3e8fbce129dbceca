#pragma once

#include "ui/commands/changevalue.h"
#include "ui/commands/layerfield.h"

namespace byom::ui {

/// Changes one field of a layer (a parameter or its label); edits of the same field merge.
using ChangeLayer = ChangeValue<LayerField>;

}  // namespace byom::ui
