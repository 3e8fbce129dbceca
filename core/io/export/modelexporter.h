#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format model`: the byom-model JSON (architecture, input shape, class names,
/// normalisation, named weight tensors), re-importable by `byom predict` and the app.
class ModelExporter : public Exporter {
public:
    std::string format() const override { return "model"; }
    std::string description() const override {
        return "byom-model JSON with weights (re-importable by byom predict and the app)";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ".json"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
};

}  // namespace byom
