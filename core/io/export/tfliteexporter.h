#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format tflite`: a float32 TFLite flatbuffer (schema v3, "TFL3") of builtin operators
/// only, taking the raw (1, features) or channels-last (1, length, channels) input of one
/// sample and giving what `byom predict` writes (probabilities after the output activation,
/// or values in the target's units). A 1-D convolution or pooling is the 2-D operator on
/// NHWC (1, 1, length, channels) between RESHAPEs, as Keras's converter writes Conv1D; the
/// stored normalisation is MUL/ADD at the input; BatchNorm folds into the layer before it
/// where it can; Dropout vanishes. Activations without a builtin are built from builtins
/// (ELU and SELU from EXP, GELU from an erf of 1.5e-7 error). An int8 model (byom quantize)
/// is written full-integer from its QGraph (TfliteInt8).
class TfliteExporter : public Exporter {
public:
    std::string format() const override { return "tflite"; }
    std::string description() const override {
        return "TensorFlow Lite flatbuffer (float32, or full-integer int8 of an int8 model; "
               "builtin "
               "operators) for TFLite and TFLite Micro";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ".tflite"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    void writeWithOptions(const ExportModel& model, const std::string& outPath,
                          const ExportOptions& options) const override;
    KindSupport supports(const std::string& kind) const override;

    /// The .tflite file's bytes (of the int8 model when the trained model is quantised);
    /// throws Error naming the first layer it cannot express.
    static std::string toBytes(const ExportModel& model, const ExportOptions& options = {});
};

}  // namespace byom
