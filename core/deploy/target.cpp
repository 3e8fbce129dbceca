#include "core/deploy/target.h"

#include <cctype>
#include <cmath>

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

constexpr long long kKiB = 1024;
constexpr long long kMiB = 1024 * 1024;

/// "64MHz", "1MB", "256K", "2.75M" -> 64e6, 1048576 (bytes are binary, Hz decimal).
double number(const std::string& key, std::string text, bool bytes) {
    std::string unit;
    while (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back()))) {
        unit.insert(unit.begin(), static_cast<char>(std::tolower(text.back())));
        text.pop_back();
    }
    if (unit == "hz" || unit == "b") unit.clear();
    if (unit.size() == 3 && unit.substr(1) == "hz") unit = unit.substr(0, 1);
    if (unit.size() == 2 && unit[1] == 'b') unit = unit.substr(0, 1);
    double scale = 1;
    if (unit == "k")
        scale = bytes ? double(kKiB) : 1e3;
    else if (unit == "m")
        scale = bytes ? double(kMiB) : 1e6;
    else if (unit == "g")
        scale = bytes ? double(kMiB) * 1024 : 1e9;
    else if (!unit.empty())
        throw UsageError("custom target: " + key + "=" + text + unit + ": unknown unit \"" + unit +
                         "\" (use e.g. " + (bytes ? "256KB or 1MB" : "64MHz") + ")");
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || !(v > 0) || !std::isfinite(v))
        throw UsageError("custom target: " + key + " needs a positive number (e.g. " +
                         (bytes ? "256KB" : "64MHz") + ")");
    return v * scale;
}

Target custom(const std::string& spec) {
    Target t;
    t.name = "custom";
    t.title = "custom target";
    t.core = "Cortex-M4F";
    for (const std::string& part : split(spec, ',')) {
        const std::size_t eq = part.find('=');
        const std::string key = eq == std::string::npos ? part : part.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
        if (key == "clock")
            t.clockHz = number(key, value, false);
        else if (key == "flash")
            t.flashBytes = static_cast<long long>(number(key, value, true));
        else if (key == "ram")
            t.ramBytes = static_cast<long long>(number(key, value, true));
        else if (key == "core" && !value.empty())
            t.core = value;
        else
            throw UsageError("custom target: unknown key \"" + key +
                             "\" (give custom:clock=64MHz,flash=1MB,ram=256KB[,core=NAME])");
    }
    if (t.clockHz <= 0 || t.flashBytes <= 0 || t.ramBytes <= 0)
        throw UsageError(
            "custom target: give clock, flash and ram, e.g. "
            "custom:clock=64MHz,flash=1MB,ram=256KB");
    return t;
}

}  // namespace

const std::vector<Target>& Target::presets() {
    // Vendor data sheets (docs: NOTES in the README's deploy section).
    static const std::vector<Target> t = {
        {"apollo3", "Ambiq Apollo3 Blue", "Cortex-M4F", 48e6, 1 * kMiB, 384 * kKiB},
        {"apollo4", "Ambiq Apollo4 Plus", "Cortex-M4F", 192e6, 2 * kMiB, 2816 * kKiB},
        {"stm32l476", "ST STM32L476", "Cortex-M4F", 80e6, 1 * kMiB, 128 * kKiB},
        {"nrf52840", "Nordic nRF52840", "Cortex-M4F", 64e6, 1 * kMiB, 256 * kKiB},
        {"stm32u585", "ST STM32U585", "Cortex-M33", 160e6, 2 * kMiB, 786 * kKiB},
        {"cortex-m55", "a generic Cortex-M55 (400 MHz, 2 MB flash, 1 MB SRAM)", "Cortex-M55", 400e6,
         2 * kMiB, 1 * kMiB},
    };
    return t;
}

Target Target::parse(const std::string& text) {
    if (text.rfind("custom:", 0) == 0) return custom(text.substr(7));
    std::vector<std::string> names;
    for (const Target& t : presets()) {
        if (t.name == text) return t;
        names.push_back(t.name);
    }
    std::string msg = "unknown target \"" + text + "\"";
    const std::string near = nearest(text, names);
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw UsageError(msg + " (targets: " + join(names, ", ") +
                     ", or custom:clock=64MHz,flash=1MB,ram=256KB)");
}

}  // namespace byom
