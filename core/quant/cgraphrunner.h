#pragma once

#include <vector>

#include "core/graph/cgraph.h"

namespace byom {

/// Runs a CGraph in float, one sample at a time, computing what the float C library computes
/// (the same kernels on the same weight layouts; the activations are the engine's). The
/// quantiser calibrates on it: it keeps every tensor, and each op's values before its
/// activation.
class CGraphRunner {
public:
    struct Trace {
        std::vector<std::vector<float>> tensors;  // every tensor's values, the input first
        std::vector<std::vector<float>> pre;      // per op: its output before the activation
    };

    /// One sample (the graph's input size); the trace of every tensor.
    static Trace run(const CGraph& g, const float* input);

    /// One op without its activation: `out` gets the output's `outSize` values. Throws Error
    /// naming the op when its ints or weights do not fit the sizes.
    static void compute(const CGraph::Op& op, const std::vector<const std::vector<float>*>& in,
                        Index outSize, std::vector<float>& out);
    /// A `conv1d_few` op (the C library's kernel for few filters, ints without the stride) as
    /// the `conv1d` it computes; any other op as it is.
    static CGraph::Op plainConvolution(const CGraph::Op& op);
    /// The op's activation (softmax over groups of `group` values) applied in place.
    static void activate(const CGraph::Op& op, Index group, std::vector<float>& values);
};

}  // namespace byom
