#pragma once

#include <string>
#include <vector>

namespace byom {

/// A microcontroller a model is budgeted for: its core, clock, flash and SRAM.
struct Target {
    std::string name;   // "apollo4", or "custom"
    std::string title;  // "Ambiq Apollo4 Plus"
    std::string core;   // "Cortex-M4F"
    double clockHz = 0;
    long long flashBytes = 0;
    long long ramBytes = 0;

    /// A preset by name, or `custom:clock=64MHz,flash=1MB,ram=256KB` (core=NAME optional;
    /// numbers take k/K, M and G, with or without Hz or B). Throws UsageError listing the
    /// presets for an unknown name.
    static Target parse(const std::string& text);
    static const std::vector<Target>& presets();
};

}  // namespace byom
