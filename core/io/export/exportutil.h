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

/// y = x * scale[c] + shift[c] per channel of the last axis.
struct ChannelAffine {
    std::vector<double> scale;
    std::vector<double> shift;
};

/// A batch_norm layer at inference, (x - mean) / sqrt(var + eps) * gamma + beta, as a
/// per-channel affine.
ChannelAffine batchNormAffine(const ExportLayer& layer);

/// The input normalisation (x - center) / scale as x * (1 / scale) - center / scale, from
/// the model's normCenter() and normScale().
ChannelAffine normalizationAffine(const std::vector<double>& center,
                                  const std::vector<double>& scale);

/// Whether `name` is a C identifier of at most 40 letters, digits and underscores, not
/// starting with a digit (the names the C exports declare).
bool isCIdentifier(const std::string& name);

/// Transposes a row-major (rows x cols) matrix.
std::vector<float> transposed(const std::vector<float>& data, Index rows, Index cols);

}  // namespace byom
