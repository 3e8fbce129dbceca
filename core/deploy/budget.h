#pragma once

#include <string>
#include <vector>

#include "core/deploy/target.h"
#include "core/io/export/exportmodel.h"
#include "core/quant/qgraph.h"
#include "core/util/json.h"

namespace byom {

/// Does a model fit a microcontroller, and how fast would it run: the figures of its C
/// library export (`byom export --format c`) against a target's flash, SRAM and clock.
struct Budget {
    /// One layer's share: the kernel calls of the library that compute it. A layer that
    /// needs no call (dropout, flatten, reshape, a BatchNorm folded into the layer before it)
    /// has no entry; the input normalisation and the regression target scaling have one each,
    /// with an empty kind.
    struct Layer {
        std::string name;  // LayerNamer's, as the editor and the summary show it
        std::string kind;
        long long macs = 0;
        long long weightBytes = 0;
        double instructions = 0;  // estimate
    };

    Target target;
    long long macs = 0;
    long long weightBytes = 0;      // static const arrays (flash)
    long long codeBytes = 0;        // estimate
    long long arenaBytes = 0;       // planned over tensor lifetimes
    long long arenaNaiveBytes = 0;  // every tensor in its own memory
    long long inputBytes = 0;
    long long outputBytes = 0;
    double instructions = 0;    // estimate per inference
    std::string method;         // how the latency was estimated
    std::vector<Layer> layers;  // in the order the library runs them

    long long flashBytes() const { return weightBytes + codeBytes; }
    long long ramBytes() const { return arenaBytes + inputBytes + outputBytes; }
    double latencyMs() const { return instructions / target.clockHz * 1e3; }
    bool fits() const { return flashBytes() <= target.flashBytes && ramBytes() <= target.ramBytes; }
    /// The part of the estimated latency spent in `layer` (0 to 1; the rest of the whole is
    /// the call and the output copy).
    double latencyShare(const Layer& layer) const {
        return instructions > 0 ? layer.instructions / instructions : 0.0;
    }

    /// The budget of `model` (with weights: a trained model, or an architecture with fresh
    /// ones; only their count matters) on `target`.
    static Budget of(const ExportModel& model, const Target& target);

    json toJson() const;
    std::string toText() const;

private:
    /// An int8 model (byom quantize): the int8 C library's weights, arena, code and latency
    /// (its kernels' measured costs) replace the float library's; `graph` is the float graph.
    static void int8Library(const QGraph& q, const CGraph& graph, Budget& b);
};

}  // namespace byom
