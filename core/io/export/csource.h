#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/graph/cgraph.h"

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
        /// The self-test requires equal outputs (the int8 library), not within 1e-5.
        bool exact = false;
    };
    /// What the header says of the library.
    struct Figures {
        std::string arithmetic;  // "float only", ...
        long long arenaBytes = 0;
        long long naiveBytes = 0;
        long long macs = 0;
        long long weightBytes = 0;
    };

    /// File name (relative to the export's directory) -> contents.
    static std::map<std::string, std::string> files(const CGraph& graph, const Model& model);
    /// The files every C library has besides NAME.h and NAME.c: the self-test, the Makefile
    /// and the board files.
    static std::map<std::string, std::string> supportFiles(const Model& model);
    /// NAME.h: the sizes, the arena and the two predict functions.
    static std::string header(const Model& model, const Figures& figures);
    /// A kernel call's arguments: tensors tN, weights w<index>_<k>, ints, floats, activation.
    static std::string arguments(const CGraph::Op& op, std::size_t index);
    /// `static const float NAME[n] = {...};` eight values a line; throws naming `what` for a
    /// non-finite value.
    static std::string array(const std::string& name, const float* v, std::size_t n,
                             const std::string& what);
    /// A float as a C literal ("0.5f", "1.0f", "-2.5e-07f"); throws for inf and NaN.
    static std::string literal(float v);
};

}  // namespace byom
