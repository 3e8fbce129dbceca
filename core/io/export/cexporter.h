#pragma once

#include "core/io/export/exporter.h"

namespace byom {

/// `--format c`: a dependency-free C99 library in a directory: NAME.h, NAME.c, a self-test
/// NAME_test.c with the engine's outputs for reference inputs, a Makefile for the host and
/// Cortex-M4F, and the mps2-an386 board files to run the test under QEMU. NAME: "model" or
/// ExportOptions::name.
class CExporter : public Exporter {
public:
    std::string format() const override { return "c"; }
    std::string description() const override {
        return "C99 library for microcontrollers: no heap, one planned arena, a self-test";
    }
    bool needsWeights() const override { return true; }
    std::string extension() const override { return ""; }
    bool usesReferenceInputs() const override { return true; }
    KindSupport supports(const std::string& kind) const override;
    void write(const ExportModel& model, const std::string& outPath) const override;
    void writeWithOptions(const ExportModel& model, const std::string& outPath,
                          const ExportOptions& options) const override;
};

}  // namespace byom
