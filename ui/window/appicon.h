#pragma once

#include <QIcon>

namespace byom::ui {

/// The application's icon, a stack of layers feeding an output, painted at every size from
/// 16 to 512 pixels so it is sharp at any device pixel ratio (no image files, no SVG plugin).
QIcon appIcon();

}  // namespace byom::ui
