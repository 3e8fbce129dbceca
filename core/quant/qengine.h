#pragma once

#include <vector>

#include "core/quant/qgraph.h"
#include "core/util/tensor.h"

namespace byom {

/// The integer reference engine: runs a QGraph exactly as QGraph documents each kernel (the
/// int8 C library and the int8 TFLite export compute the same integers).
class QEngine {
public:
    /// Every tensor of one run: int8 values, or float ones for float tensors.
    struct Trace {
        std::vector<std::vector<std::int8_t>> q;
        std::vector<std::vector<float>> f;
        /// Tensor t's values as reals (dequantised when int8).
        std::vector<float> real(const QGraph& g, int t) const;
    };

    /// One sample: `input` holds the graph's input size of raw values.
    static Trace trace(const QGraph& g, const float* input);
    /// Every sample of `x` (inputs x N): the outputs (outputs x N).
    static Mat<float> run(const QGraph& g, const Mat<float>& x);

    /// One op on the trace's tensors (exposed for tests of single kernels).
    static void runOp(const QGraph& g, const QGraph::Op& op, Trace& t);
};

}  // namespace byom
