#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/io/export/cgraph.h"

namespace byom {

/// Writes the C library's files from a lowered model: NAME.h, NAME.c (kernels, weights as
/// static const arrays, one static arena planned over the tensors' lifetimes),
/// NAME_test.c (reference inputs and the engine's outputs), a Makefile for the host and
/// Cortex-M4F, and the start-up code and linker script of the mps2-an386 board QEMU emulates.
class CSource {
public:
    struct Model {
        std::string name;   // a C identifier
        std::string title;  // one line naming the model
        Shape input;
        Shape output;
        std::string outputText;    // what the outputs are (probabilities of ..., values)
        Mat<float> inputs;         // reference inputs, one column per sample
        Mat<float> expected;       // the engine's outputs for them
        std::string inputsSource;  // where the reference inputs come from
    };

    /// File name (relative to the export's directory) -> contents.
    static std::map<std::string, std::string> files(const CGraph& graph, const Model& model);
    /// A float as a C literal ("0.5f", "1.0f", "-2.5e-07f"); throws for inf and NaN.
    static std::string literal(float v);
};

}  // namespace byom
