#pragma once

#include <string>
#include <vector>

namespace byom {

/// The C99 source of the C library's kernels (static functions, float arithmetic only).
class CKernels {
public:
    /// Whether `kernel` ends with (act, alpha) arguments.
    static bool takesActivation(const std::string& kernel);
    /// The definitions the kernels `used` need, each once, in dependency order.
    static std::string source(const std::vector<std::string>& used);
};

}  // namespace byom
