#pragma once

#include <string>

#include "core/io/export/exporter.h"

namespace byom {

/// `--format tflite-c`: the bytes of the tflite export as a C array header for TFLite Micro,
/// as `xxd -i` writes it (NAME_tflite[] and NAME_tflite_len defined, to include in one file),
/// plus the macro NAME_TFLITE_LEN; the array 16-byte aligned; C99. NAME: "model" or
/// ExportOptions::name.
class TfliteCExporter : public Exporter {
public:
    std::string format() const override { return "tflite-c"; }
    std::string description() const override {
        return "the TFLite flatbuffer as a C array header for TFLite Micro";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ".h"; }
    void write(const ExportModel& model, const std::string& outPath) const override;
    void writeWithOptions(const ExportModel& model, const std::string& outPath,
                          const ExportOptions& options) const override;
    KindSupport supports(const std::string& kind) const override;

    /// The header defining `name`_tflite and `name`_tflite_len for `bytes`, a model of
    /// `kind` ("a float32", "an int8 ...") for its comment.
    static std::string header(const std::string& bytes, const std::string& name,
                              const std::string& kind = "a float32");
};

}  // namespace byom
