#pragma once

#include <string>
#include <vector>

#include "core/io/export/exportactivation.h"
#include "core/io/export/exportlayer.h"
#include "core/io/export/exportwindow.h"

namespace byom {

// Small helpers every exporter shares: the window arithmetic of convolutions and poolings
// and the activation of a layer with its constant (which ExportModel computes once into each
// ExportLayer), and weight re-layouts.

/// For conv1d / depthwise_conv1d / separable_conv1d (kernel_size) and the poolings
/// (pool_size, strides null = pool_size).
ExportWindow exportWindow(const ExportLayer& layer);

/// A layer's activation from its parameters.
ExportActivation exportActivation(const ExportLayer& layer);

/// Transposes a row-major (rows x cols) matrix.
std::vector<float> transposed(const std::vector<float>& data, Index rows, Index cols);

}  // namespace byom
