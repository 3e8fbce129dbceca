#pragma once

#include <string>

#include "core/io/export/exportoptions.h"
#include "core/train/manifest.h"

namespace byom {

/// The reference inputs an export's self-test checks (ExportOptions::referenceInputs): raw
/// samples as `byom predict` reads them.
class ReferenceInputs {
public:
    static constexpr Index kRows = 5;

    /// The first `rows` samples of a data spec (relative paths against `baseDir`).
    static void fromData(ExportOptions& options, const std::string& spec,
                         const std::string& baseDir = ".", Index rows = kRows);
    /// The first `rows` samples of a run's validation split (its data, split with its seed
    /// as training split it; the training split when it had none).
    static void fromRun(ExportOptions& options, const RunManifest& run,
                        const std::string& baseDir = ".", Index rows = kRows);
};

}  // namespace byom
