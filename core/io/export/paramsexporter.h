#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format params`: HeartKit's NamedParams {"name", "params"}, ready to paste into a HeartKit
/// task config's "architecture". A "stack" has its registered-architecture blocks written out
/// as their layers, so the file stands alone.
class ParamsExporter : public Exporter {
public:
    std::string format() const override { return "params"; }
    std::string description() const override {
        return "architecture as HeartKit {\"name\", \"params\"} JSON";
    }
    bool needsWeights() const override { return false; }
    std::string extension() const override { return ".json"; }
    void write(const ExportModel& model, const std::string& outPath) const override;

    /// The NamedParams JSON written by write().
    static json toJson(const ExportModel& model);
};

}  // namespace byom
