#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format onnx`: an ONNX model (opset 17, IR version 8) taking the raw (N, features) or
/// channels-last (N, length, channels) input and giving the probabilities after the output
/// activation, as `byom predict` does. Dense is Gemm (transB=1, weights [out, in]);
/// convolutions and poolings run in ONNX's (N, C, L) between Transpose nodes; the stored
/// normalisation becomes Sub/Div nodes at the input.
class OnnxExporter : public Exporter {
public:
    std::string format() const override { return "onnx"; }
    std::string description() const override {
        return "ONNX model (opset 17, IR 8) for ONNX Runtime";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ".onnx"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    KindSupport supports(const std::string& kind) const override;

    /// The serialised ModelProto.
    static std::string toBytes(const ExportModel& model);
};

}  // namespace byom
