#pragma once

#include <string>

namespace byom {

/// The C99 text of the float C library's convolution kernels (see CKernels, which assembles
/// the library from them): conv1d, conv1d_few and depthwise_conv1d. On a host their blocks of
/// 16, then 8, sums held in vector registers are one piece of text instantiated per width.
class CConvKernels {
public:
    static const std::string& conv1d();
    static const std::string& conv1dFew();
    static const std::string& depthwiseConv1d();
};

}  // namespace byom
