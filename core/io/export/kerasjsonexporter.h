#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format keras-json`: the architecture as Keras 3's `model.to_json()` writes it (every
/// object {"module", "class_name", "config", "registered_name"}, InputLayer "batch_shape",
/// dtype "float32"), for `keras.models.model_from_json`. A Sequential model when the layers
/// form a chain, a Functional one otherwise (residual and squeeze-excite blocks). No weights;
/// the stored normalisation becomes a Normalization layer with its mean and variance.
class KerasJsonExporter : public Exporter {
public:
    std::string format() const override { return "keras-json"; }
    std::string description() const override {
        return "architecture as Keras 3 model.to_json() (no weights)";
    }
    bool needsWeights() const override { return false; }
    std::string extension() const override { return ".json"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    KindSupport supports(const std::string& kind) const override;

    static json toJson(const ExportModel& model);
};

}  // namespace byom
