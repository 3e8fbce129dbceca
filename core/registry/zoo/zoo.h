#pragma once

#include "core/registry/architecture.h"

namespace byom {

// The built-in 1-D architecture families for signals: HeartKit's tcn, resnet and
// efficientnetv2 with HeartKit's params. Each expands its params into a layer stack of the
// engine's catalogue (see each .cpp for the exact structure, layer by layer).

Architecture tcnArchitecture();
Architecture resnetArchitecture();
Architecture efficientnetV2Architecture();

}  // namespace byom
