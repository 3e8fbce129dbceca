#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/layers/activation.h"
#include "core/util/tensor.h"

namespace byom {

/// The C99 source of the C library's kernels (static functions, float arithmetic only).
class CKernels {
public:
    /// Whether `kernel` ends with (act, alpha) arguments.
    static bool takesActivation(const std::string& kernel);
    /// The definitions the kernels `used` need, each once, in dependency order; the
    /// activation function holds the `activations` the kernels are called with.
    static std::string source(std::vector<std::string> used, const std::set<Act>& activations);
    /// Whether a stride-1 convolution takes conv1d_few (fewer filters than a SIMD row, and a
    /// block's window fits the kernel's local buffer) rather than conv1d.
    static bool fewFilters(Index channels, Index filters, Index kernel, Index dilation);
};

}  // namespace byom
