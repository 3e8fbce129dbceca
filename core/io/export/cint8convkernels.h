#pragma once

#include <string>

namespace byom {

/// The C99 text of the int8 C library's convolution kernels (see CInt8Kernels, which
/// assembles the library and holds the helpers they call: q8_requantize, the dot products,
/// q8_taps): q8_conv1d and q8_depthwise_conv1d, computing QEngine's integers exactly.
class CInt8ConvKernels {
public:
    static const std::string& conv1d();
    static const std::string& depthwiseConv1d();
};

}  // namespace byom
