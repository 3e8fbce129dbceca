#pragma once

#include "core/util/tensor.h"

namespace byom {

/// out = w * x for the inference forward pass of a dense layer, through oneDNN's JIT SGEMM
/// (libdnnl: kernels chosen at run time by the CPU's instruction sets, AVX-512 included,
/// whatever its model name) when the build has it (BYOM_DNNL), else through Eigen. oneDNN
/// runs on as many threads as the engine gives Eigen (ThreadCount), one inside a parallel
/// region. Its sums run in another order than Eigen's: the outputs agree to float rounding.
class Sgemm {
public:
    /// Whether oneDNN does the products (the build has it).
    static bool usesDnnl();
    /// out (w.rows() x x.cols(), resized) = w * x.
    static void product(const Eigen::Ref<const Mat<float>>& w,
                        const Eigen::Ref<const Mat<float>>& x, Mat<float>& out);

    /// Below this many columns (samples) Eigen's matrix-vector kernels are faster.
    static constexpr Index kMinColumns = 8;
};

}  // namespace byom
