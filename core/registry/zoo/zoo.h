#pragma once

#include "core/registry/architecture.h"

namespace byom {

// The built-in 1-D architecture families for signals: HeartKit's tcn, resnet, efficientnetv2,
// unet and composer with HeartKit's params, and its unext and mobileone keys, which HeartKit itself
// cannot build (listed with their fields, every build refused with the reason). Each expands its
// params into a layer stack of the engine's catalogue (see each .cpp for the exact structure, layer
// by layer).

Architecture tcnArchitecture();
Architecture resnetArchitecture();
Architecture efficientnetV2Architecture();
Architecture composerArchitecture();
Architecture unetArchitecture();
Architecture unextArchitecture();
Architecture mobileoneArchitecture();

}  // namespace byom
