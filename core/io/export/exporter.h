#pragma once

#include <string>

#include "core/io/export/exportmodel.h"
#include "core/io/export/exportoptions.h"
#include "core/io/export/kindtable.h"

namespace byom {

/// One export format (`byom export --format NAME`). An exporter checks every layer before it
/// writes anything and throws Error naming the first layer it cannot express and why.
class Exporter {
public:
    virtual ~Exporter() = default;

    /// The --format name, e.g. "onnx".
    virtual std::string format() const = 0;
    /// One line for `byom export --help` and the docs.
    virtual std::string description() const = 0;
    /// Whether the format carries weights (and so needs a trained model).
    virtual bool needsWeights() const = 0;
    /// The file name extension the export is written with (".onnx"); empty when the export
    /// is a directory.
    virtual std::string extension() const = 0;
    /// Writes the export to `outPath` (a file, or a directory for tfjs).
    virtual void write(const ExportModel& model, const std::string& outPath) const = 0;
    /// What the format does with layers of `kind`. Formats that translate layers answer from
    /// their KindTable (one entry per kind: emitted, or refused with the reason). This
    /// default is for the formats that store the layer specs themselves (params, model): they
    /// take every kind of the catalogue.
    virtual KindSupport supports(const std::string& kind) const;
    /// Whether writeWithOptions() reads ExportOptions::referenceInputs (a self-test).
    virtual bool usesReferenceInputs() const { return false; }
    /// write() with the options some formats read (the default ignores them).
    virtual void writeWithOptions(const ExportModel& model, const std::string& outPath,
                                  const ExportOptions& /*options*/) const {
        write(model, outPath);
    }
};

}  // namespace byom
