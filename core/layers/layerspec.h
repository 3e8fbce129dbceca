#pragma once

#include <string>
#include <vector>

#include "core/schema/paramspec.h"
#include "core/util/error.h"

namespace byom {

/// The declarative description of one layer in a stack: what the user edits and files store.
/// JSON form (HeartKit's Composer shape): {"name": "conv1d", "params": {...}} with an optional
/// "label" (the user's name for it) and, for blocks, the inner stack in "layers".
struct LayerSpec {
    std::string kind;
    json params = json::object();
    std::vector<LayerSpec> layers;  // inner stack of a block
    std::string label;

    /// A layer of `kind` with `params` completed by its defaults; throws ValidationError when
    /// the kind is unknown or a parameter invalid.
    static LayerSpec of(const std::string& kind, const json& params = json::object());

    json toJson() const;
    bool operator==(const LayerSpec&) const = default;

    /// Parses and validates one layer (kind known, params against its schema, inner layers);
    /// problems are appended with JSON paths under `path`. Missing params get defaults.
    static LayerSpec fromJson(const json& j, const std::string& path, std::vector<Problem>& out,
                              int depth = 0);
    /// Parses a list of layers; throws ValidationError listing every problem.
    static std::vector<LayerSpec> listFromJson(const json& j, const std::string& path);
    static void listFromJson(const json& j, const std::string& path, std::vector<LayerSpec>& specs,
                             std::vector<Problem>& out, int depth = 0);
    static json listToJson(const std::vector<LayerSpec>& specs);
};

/// Deepest nesting of blocks accepted in a file (a guard against hostile inputs).
inline constexpr int kMaxBlockDepth = 32;

}  // namespace byom
