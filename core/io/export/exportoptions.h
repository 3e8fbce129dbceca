#pragma once

#include <string>

#include "core/util/tensor.h"

namespace byom {

/// What some formats read beyond the model (`byom export --name`, `--data`); the others
/// ignore it.
struct ExportOptions {
    /// The base name of the files a format writes several of (a C identifier for the C
    /// library); empty: the format's default.
    std::string name;
    /// Raw inputs (one column per sample, as `byom predict` reads them) that a format shipping
    /// a self-test checks against the engine's outputs; empty: the format picks its own.
    Mat<float> referenceInputs;
    /// Where those inputs come from, for the files' comments ("the first 5 rows of ...").
    std::string referenceSource;
    /// The TFLite export of an int8 model: int8 input and output tensors (`--int8-io`)
    /// instead of float ones with QUANTIZE / DEQUANTIZE at the ends.
    bool int8Io = false;
};

}  // namespace byom
