#pragma once

#include <string>
#include <vector>

#include "core/io/export/exportlayer.h"
#include "core/layers/activation.h"

namespace byom {

// Small helpers every exporter shares: the window arithmetic of convolutions and poolings,
// the activation of a layer with its constant, and weight re-layouts.

/// A layer's sliding window with explicit padding, as ConvGeometry computes it (Keras's
/// "same" pads (total / 2) on the left and the rest on the right).
struct ExportWindow {
    Index kernel = 1;
    Index stride = 1;
    Index dilation = 1;
    Index padLeft = 0;
    Index padRight = 0;
    bool same = false;
};
/// For conv1d / depthwise_conv1d / separable_conv1d (kernel_size) and the poolings
/// (pool_size, strides null = pool_size).
ExportWindow exportWindow(const ExportLayer& layer);

/// A layer's activation ("activation" parameter; linear when it has none) and its constant:
/// leaky_relu's negative slope (Keras 3: 0.2) or elu's alpha (1.0).
struct ExportActivation {
    Act act = Act::Linear;
    double alpha = 0.0;
};
ExportActivation exportActivation(const ExportLayer& layer);

/// Transposes a row-major (rows x cols) matrix.
std::vector<float> transposed(const std::vector<float>& data, Index rows, Index cols);

/// Throws Error "<format>: cannot export <layer>: <why>".
[[noreturn]] void cannotExport(const std::string& format, const ExportLayer& layer,
                               const std::string& why);

}  // namespace byom
