#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/io/export/exporttensor.h"
#include "core/layers/layerspec.h"

namespace byom {

/// One layer as the exporters see it: its spec (parameters complete with defaults), input and
/// output shapes, a unique Keras-style name ("conv1d", "conv1d_1", ...), its own weight
/// tensors by the names Layer::tensors() gives them, and for blocks the inner layers.
struct ExportLayer {
    LayerSpec spec;
    Shape input;
    Shape output;
    std::string name;
    std::map<std::string, ExportTensor> tensors;  // empty when exporting an architecture only
    std::vector<ExportLayer> children;            // residual / architecture blocks

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
