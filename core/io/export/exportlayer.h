#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/io/export/exportactivation.h"
#include "core/io/export/exporttensor.h"
#include "core/io/export/exportwindow.h"
#include "core/layers/layerspec.h"

namespace byom {

/// One layer as the exporters see it: its spec (parameters complete with defaults), input and
/// output shapes, a unique Keras-style name ("conv1d", "conv1d_1", ...), its own weight
/// tensors by the names Layer::tensors() gives them, and for blocks the inner layers. What
/// the engine decides about the layer is computed once here (by ExportModel) and read by
/// every format: its window, its activation, a residual block's projection.
struct ExportLayer {
    LayerSpec spec;
    Shape input;
    Shape output;
    std::string name;  // LayerNamer's
    /// Convolutions and poolings: the window with explicit padding (default otherwise).
    ExportWindow window;
    /// The "activation" parameter with its constant (linear when the kind has none).
    ExportActivation activation;
    /// A residual block whose skip is a projection (as the engine builds it): a dense layer
    /// for (F) inputs, else a 1x1 conv1d of `projection` (its stride; a 1-wide window with
    /// padding same needs no pads).
    bool projected = false;
    ExportWindow projection;
    std::map<std::string, ExportTensor> tensors;  // empty when exporting an architecture only
    std::vector<ExportLayer> children;            // residual / architecture blocks
    /// A branch_sum block's copies of its inner layers (its children hold them one copy after
    /// the other); every other layer: one list, its children.
    std::vector<std::vector<ExportLayer>> copies() const;

    const std::string& kind() const { return spec.kind; }
    /// The tensor `key`; throws Error naming the layer when it is missing.
    const ExportTensor& tensor(const std::string& key) const;
    bool hasTensor(const std::string& key) const { return tensors.count(key) != 0; }
    /// A parameter of the spec (throws when absent).
    const json& param(const std::string& key) const { return spec.params.at(key); }
    /// "layers[3] (conv1d \"conv1d_1\")" for error messages.
    std::string describe() const;
    std::string path;  // "layers[3]" or "layers[3].layers[0]"
};

}  // namespace byom
