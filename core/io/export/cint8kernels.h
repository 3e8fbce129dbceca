#pragma once

#include <string>
#include <vector>

namespace byom {

/// The C99 source of the int8 C library's kernels (static functions q8_KERNEL, one per
/// QGraph kernel): the integers QEngine computes (core/quant/qgraph.h), TFLite's fixed-point
/// requantisation with the same rounding, quantise and dequantise with the same float
/// expressions. The dot products of dense, conv1d and depthwise_conv1d use the Cortex-M4's
/// SMLAD (arm_acle.h) where __ARM_FEATURE_DSP is defined, plain C elsewhere.
class CInt8Kernels {
public:
    /// The includes the kernels need (stdint.h, string.h, arm_acle.h under the DSP extension).
    static std::string includes();
    /// The definitions the QGraph kernels `used` need, each once, in dependency order.
    static std::string source(const std::vector<std::string>& used);
};

}  // namespace byom
