#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format tfjs`: a directory with model.json (format "layers-model": the Keras layers
/// topology as TensorFlow.js reads it, class_name/config with batch_input_shape, and a
/// weightsManifest) and weights.bin (little-endian float32), loadable by
/// tf.loadLayersModel.
class TfjsExporter : public Exporter {
public:
    std::string format() const override { return "tfjs"; }
    std::string description() const override {
        return "TensorFlow.js layers model: DIR/model.json + DIR/weights.bin";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ""; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    KindSupport supports(const std::string& kind) const override;

    /// model.json's contents; appends the weights' bytes to `weights`.
    static json modelJson(const ExportModel& model, std::string& weights);
};

}  // namespace byom
