#include "core/schema/schema.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/util/strings.h"

namespace byom {

namespace {

std::string describe(const json& v) {
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

void checkRange(const ParamSpec& spec, double v, const json& value, const std::string& path,
                std::vector<Problem>& out) {
    if (spec.min && v < *spec.min)
        out.push_back({path, "must be >= " + number(*spec.min) + ", got " + describe(value)});
    else if (spec.max && v > *spec.max)
        out.push_back({path, "must be <= " + number(*spec.max) + ", got " + describe(value)});
}

}  // namespace

std::string joinPath(const std::string& base, const std::string& key) {
    return base.empty() ? key : base + "." + key;
}

long long pairValue(const json& value) {
    if (value.is_array()) return value.back().get<long long>();
    return value.get<long long>();
}

void validateValue(const ParamSpec& spec, const json& value, const std::string& path,
                   std::vector<Problem>& out, std::vector<Problem>* warnings) {
    if (value.is_null()) {
        if (!spec.nullable) out.push_back({path, "must not be null"});
        return;
    }
    switch (spec.type) {
        case ParamType::Int:
            if (!value.is_number_integer()) {
                out.push_back({path, "must be an integer, got " + describe(value)});
                return;
            }
            checkRange(spec, static_cast<double>(value.get<long long>()), value, path, out);
            return;
        case ParamType::Float: {
            if (!value.is_number()) {
                out.push_back({path, "must be a number, got " + describe(value)});
                return;
            }
            const double v = value.get<double>();
            if (!std::isfinite(v)) {
                out.push_back({path, "must be a finite number"});
                return;
            }
            checkRange(spec, v, value, path, out);
            return;
        }
        case ParamType::Bool:
            if (!value.is_boolean())
                out.push_back({path, "must be true or false, got " + describe(value)});
            return;
        case ParamType::String:
            if (!value.is_string())
                out.push_back({path, "must be a string, got " + describe(value)});
            else if (value.get_ref<const std::string&>().size() > 256)
                out.push_back({path, "is longer than 256 characters"});
            return;
        case ParamType::Enum: {
            if (!value.is_string()) {
                out.push_back({path, "must be one of " + join(spec.choices, ", ") + ", got " +
                                         describe(value)});
                return;
            }
            const std::string& s = value.get_ref<const std::string&>();
            for (const std::string& c : spec.choices)
                if (c == s) return;
            std::string msg = "\"" + s + "\" is not one of " + join(spec.choices, ", ");
            const std::string near = nearest(s, spec.choices);
            if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
            out.push_back({path, msg});
            return;
        }
        case ParamType::IntOrPair: {
            json scalar = value;
            if (value.is_array() && spec.window2d) {
                if (value.size() != 2 || !value[0].is_number_integer() ||
                    !value[1].is_number_integer()) {
                    out.push_back(
                        {path, "must be an integer or a pair [rows, n], got " + describe(value)});
                    return;
                }
                checkRange(spec, static_cast<double>(value[0].get<long long>()), value, path, out);
                scalar = value[1];
            } else if (value.is_array()) {
                if (value.size() != 2 || !value[0].is_number_integer() ||
                    !value[1].is_number_integer() || value[0].get<long long>() != 1) {
                    out.push_back(
                        {path, "must be an integer or a pair [1, n], got " + describe(value)});
                    return;
                }
                scalar = value[1];
            }
            if (!scalar.is_number_integer()) {
                out.push_back(
                    {path, "must be an integer or a pair [1, n], got " + describe(value)});
                return;
            }
            checkRange(spec, static_cast<double>(scalar.get<long long>()), value, path, out);
            return;
        }
        case ParamType::List: {
            if (!value.is_array()) {
                out.push_back({path, "must be a list, got " + describe(value)});
                return;
            }
            const double n = static_cast<double>(value.size());
            if (spec.min && n < *spec.min)
                out.push_back(
                    {path, "needs at least " + number(*spec.min) + " items, got " + number(n)});
            else if (spec.max && n > *spec.max)
                out.push_back(
                    {path, "allows at most " + number(*spec.max) + " items, got " + number(n)});
            for (std::size_t i = 0; i < value.size() && i < 4096; ++i)
                validateValue(*spec.element, value[i], path + "[" + std::to_string(i) + "]", out,
                              warnings);
            return;
        }
        case ParamType::Object:
            // An object without fields is validated by its owner (e.g. a layer spec).
            if (!spec.fields) {
                if (!value.is_object())
                    out.push_back({path, "must be an object, got " + describe(value)});
                return;
            }
            spec.fields->validate(value, path, spec.name, out, warnings);
            return;
    }
}

const ParamSpec* Schema::find(const std::string& name) const {
    for (const ParamSpec& p : m_params)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<std::string> Schema::names() const {
    std::vector<std::string> n;
    for (const ParamSpec& p : m_params) n.push_back(p.name);
    return n;
}

Schema& Schema::dropping(std::string key, std::string why) {
    m_dropped.emplace_back(std::move(key), std::move(why));
    return *this;
}

void Schema::validate(const json& value, const std::string& path, const std::string& owner,
                      std::vector<Problem>& out, std::vector<Problem>* warnings) const {
    if (!value.is_object()) {
        out.push_back({path, "must be an object, got " + describe(value)});
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string childPath = joinPath(path, it.key());
        const ParamSpec* spec = find(it.key());
        const auto dropped = std::find_if(m_dropped.begin(), m_dropped.end(),
                                          [&](const auto& d) { return d.first == it.key(); });
        if (!spec && dropped != m_dropped.end()) {
            if (warnings) warnings->push_back({childPath, dropped->second});
            continue;
        }
        if (!spec) {
            std::string msg = "\"" + it.key() + "\" is not a parameter of " + owner;
            const std::string near = nearest(it.key(), names());
            if (!near.empty())
                msg += "; did you mean \"" + near + "\"?";
            else if (!m_params.empty())
                msg += " (it has: " + join(names(), ", ") + ")";
            out.push_back({childPath, msg});
            continue;
        }
        validateValue(*spec, it.value(), childPath, out, warnings);
        if (warnings && !spec->ignored.empty()) warnings->push_back({childPath, spec->ignored});
    }
    for (const ParamSpec& p : m_params)
        if (p.required() && !value.contains(p.name))
            out.push_back({joinPath(path, p.name), "is required (" + p.doc + ")"});
}

json Schema::withDefaults(const json& value) const {
    json result = value.is_object() ? value : json::object();
    for (const ParamSpec& p : m_params) {
        if (!result.contains(p.name)) {
            if (p.defaultValue.is_null() && !p.nullable) continue;
            // A default object or list of objects is completed too (resnet's default blocks
            // leave out "bottleneck").
            result[p.name] = p.defaultValue;
        }
        if (p.type == ParamType::Object && p.fields && result[p.name].is_object()) {
            result[p.name] = p.fields->withDefaults(result[p.name]);
        } else if (p.type == ParamType::List && p.element->type == ParamType::Object &&
                   p.element->fields && result[p.name].is_array()) {
            for (json& item : result[p.name]) item = p.element->fields->withDefaults(item);
        }
    }
    return result;
}

json Schema::withoutDefaults(const json& value) const {
    json result = json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
        const ParamSpec* p = find(it.key());
        if (p && it.value() == p->defaultValue && !p->required()) continue;
        result[it.key()] = it.value();
    }
    return result;
}

json Schema::example() const {
    json j = json::object();
    for (const ParamSpec& p : m_params) j[p.name] = p.defaultValue;
    return j;
}

json Schema::toJson() const {
    json j = json::array();
    for (const ParamSpec& p : m_params) j.push_back(p.toJson());
    return j;
}

}  // namespace byom
