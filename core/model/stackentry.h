#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/util/tensor.h"

namespace byom {

/// A layer stack being designed (or registered as an architecture): a name, its input shape,
/// the classes of its head.
struct StackEntry {
    std::string name;
    Shape inputShape;
    std::optional<int> numClasses;
    std::vector<LayerSpec> layers;

    bool operator==(const StackEntry&) const = default;
};

}  // namespace byom
