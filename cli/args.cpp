#include "cli/args.h"

#include <algorithm>
#include <charconv>

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
           const std::vector<std::string>& switches) {
    std::vector<std::string> known;
    for (const auto& v : valued) known.push_back("--" + v);
    for (const auto& s : switches) known.push_back("--" + s);
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (!a.starts_with("--")) {
            m_positional.push_back(a);
            continue;
        }
        std::string key = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = key.find('='); eq != std::string::npos) {
            inlineValue = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (std::find(valued.begin(), valued.end(), key) != valued.end()) {
            if (inlineValue) {
                m_values[key] = *inlineValue;
            } else {
                if (i + 1 >= argv.size()) throw UsageError("option --" + key + " needs a value");
                m_values[key] = argv[++i];
            }
        } else if (std::find(switches.begin(), switches.end(), key) != switches.end()) {
            if (inlineValue) throw UsageError("option --" + key + " takes no value");
            m_switches.insert(key);
        } else {
            std::string msg = "unknown option --" + key;
            const std::string near = nearest("--" + key, known);
            if (!near.empty()) msg += "; did you mean " + near + "?";
            throw UsageError(msg);
        }
    }
}

bool Args::has(const std::string& key) const {
    return m_values.count(key) || m_switches.count(key);
}

std::optional<std::string> Args::get(const std::string& key) const {
    const auto it = m_values.find(key);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::require(const std::string& key) const {
    const auto v = get(key);
    if (!v) throw UsageError("missing required option --" + key);
    return *v;
}

int Args::intValue(const std::string& key, int fallback, int min, int max) const {
    const auto v = get(key);
    if (!v) return fallback;
    int value = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || ptr != v->data() + v->size() || value < min || value > max)
        throw UsageError("option --" + key + " must be an integer from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", got '" + *v + "'");
    return value;
}

double Args::doubleValue(const std::string& key, double fallback, double min, double max) const {
    const auto v = get(key);
    if (!v) return fallback;
    double value = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || ptr != v->data() + v->size() || !(value >= min && value <= max))
        throw UsageError("option --" + key + " must be a number from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", got '" + *v + "'");
    return value;
}

}  // namespace byom
