#pragma once

#include "core/registry/architecture.h"

namespace byom {

// The built-in 1-D architecture families for signals, with HeartKit's parameter names. Each
// expands its params into a layer stack of the engine's catalogue (see each .cpp for the
// exact structure and where it differs from HeartKit's Keras code).

Architecture tcnArchitecture();
Architecture resnetArchitecture();
Architecture efficientnetV2Architecture();

/// Helpers shared by the zoo builders.
namespace zoo {

/// A normalisation layer by HeartKit's name: "batch", "layer" or null/none (nothing).
void appendNorm(std::vector<LayerSpec>& out, const json& norm);
/// conv1d with padding same.
LayerSpec conv(long long filters, const json& kernel, const json& strides = 1,
               const json& dilation = 1, bool bias = true);
LayerSpec activation(const std::string& name);
/// Global average pooling, optional dropout, and a dense head (softmax, or linear for
/// regression).
void appendHead(std::vector<LayerSpec>& out, std::optional<int> numClasses, double dropout,
                HeadKind head);

}  // namespace zoo

}  // namespace byom
