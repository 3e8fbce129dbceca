#pragma once

#include <optional>
#include <string>

#include "core/schema/paramspec.h"
#include "core/util/tensor.h"

namespace byom {

/// An architecture params file as HeartKit writes them: NamedParams `{"name", "params"}`, or a
/// whole task config whose "architecture" holds them (its `num_classes` and `frame_size` are
/// taken too, with HeartKit's defaults 1 and 1250 when absent; its other keys are the task's
/// and left alone). The architecture object may hold
/// only "name" and "params"; anything else is an error naming the key (HeartKit's pydantic
/// models drop unknown keys silently). Nothing is checked against the registry here.
struct ParamsFile {
    std::string name;
    json params = json::object();
    std::optional<int> numClasses;
    std::optional<Shape> inputShape;  // (frame_size, 1)

    /// Reads and checks the file's shape; errors name the file and the key.
    static ParamsFile read(const std::string& path);
    /// The same for a document already parsed (`path` only names it in errors).
    static ParamsFile fromJson(const json& j, const std::string& path);

    /// {"name": ..., "params": ...}
    json architecture() const { return {{"name", name}, {"params", params}}; }
};

}  // namespace byom
