#pragma once

#include <memory>
#include <vector>

#include "core/layers/layer.h"

namespace byom {

/// Rewrites a chain of layers (a model's or a block's) for inference only, on a private copy:
/// blocks rewrite their inner chains, a layer whose inference output is its input (Dropout)
/// is dropped, and a per-channel affine layer (BatchNorm) is folded into the linear layer
/// before it when that one can take it (ending linear). Keeps at least `keep` layers.
template <typename T>
void prepareChainForInference(std::vector<std::unique_ptr<Layer<T>>>& layers, std::size_t keep) {
    std::vector<std::unique_ptr<Layer<T>>> kept;
    std::vector<double> scale, shift;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        std::unique_ptr<Layer<T>>& layer = layers[i];
        layer->prepareInference();
        const std::size_t after = layers.size() - i - 1;
        if (kept.size() + after >= keep) {
            if (layer->inferenceIdentity()) continue;
            if (!kept.empty() && layer->inferenceAffine(scale, shift) &&
                kept.back()->foldAffine(scale, shift))
                continue;
        }
        kept.push_back(std::move(layer));
    }
    layers = std::move(kept);
}

}  // namespace byom
