#pragma once

#include <string>

#include "core/deploy/target.h"
#include "core/io/export/exportmodel.h"
#include "core/util/json.h"

namespace byom {

/// Does a model fit a microcontroller, and how fast would it run: the figures of its C
/// library export (`byom export --format c`) against a target's flash, SRAM and clock.
struct Budget {
    Target target;
    long long macs = 0;
    long long weightBytes = 0;      // static const arrays (flash)
    long long codeBytes = 0;        // estimate
    long long arenaBytes = 0;       // planned over tensor lifetimes
    long long arenaNaiveBytes = 0;  // every tensor in its own memory
    long long inputBytes = 0;
    long long outputBytes = 0;
    double instructions = 0;  // estimate per inference
    std::string method;       // how the latency was estimated

    long long flashBytes() const { return weightBytes + codeBytes; }
    long long ramBytes() const { return arenaBytes + inputBytes + outputBytes; }
    double latencyMs() const { return instructions / target.clockHz * 1e3; }
    bool fits() const { return flashBytes() <= target.flashBytes && ramBytes() <= target.ramBytes; }

    /// The budget of `model` (with weights: a trained model, or an architecture with fresh
    /// ones; only their count matters) on `target`.
    static Budget of(const ExportModel& model, const Target& target);

    json toJson() const;
    std::string toText() const;
};

}  // namespace byom
