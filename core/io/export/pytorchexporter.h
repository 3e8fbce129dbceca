#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format pytorch`: one standalone Python file with the nn.Module (channels-last inputs,
/// the stored normalisation as its first step), the trained weights embedded as base64
/// float32 (fresh Keras-style initialisation when exporting an architecture only), `predict`
/// and a `train` loop over CSV/NPY data that also runs under `torchrun --nproc_per_node=N`
/// (DistributedDataParallel, gloo on CPU).
class PytorchExporter : public Exporter {
public:
    std::string format() const override { return "pytorch"; }
    std::string description() const override {
        return "standalone PyTorch script: nn.Module, weights, predict and DDP training";
    }
    bool needsWeights() const override { return false; }
    std::string extension() const override { return ".py"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    KindSupport supports(const std::string& kind) const override;

    static std::string toPython(const ExportModel& model);
};

}  // namespace byom
