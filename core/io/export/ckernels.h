#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/layers/activation.h"

namespace byom {

/// The C99 source of the C library's kernels (static functions, float arithmetic only).
class CKernels {
public:
    /// Whether `kernel` ends with (act, alpha) arguments.
    static bool takesActivation(const std::string& kernel);
    /// The definitions the kernels `used` need, each once, in dependency order; the
    /// activation function holds the `activations` the kernels are called with.
    static std::string source(const std::vector<std::string>& used,
                              const std::set<Act>& activations);
};

}  // namespace byom
