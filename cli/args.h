#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace byom {

/// Parsed command line of one `byom` subcommand: `--key value` options, `--flag` switches and
/// positional arguments. Unknown options are usage errors that name the nearest known one.
class Args {
public:
    /// `valued`: options that take a value; `switches`: options that do not.
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
         const std::vector<std::string>& switches);

    bool has(const std::string& key) const;
    std::optional<std::string> get(const std::string& key) const;
    /// The value of a required option; throws UsageError when absent.
    std::string require(const std::string& key) const;
    int intValue(const std::string& key, int fallback, int min, int max) const;
    double doubleValue(const std::string& key, double fallback, double min, double max) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_switches;
    std::vector<std::string> m_positional;
};

}  // namespace byom
