#pragma once

#include <string>

#include "core/graph/cgraph.h"

namespace byom {

/// The cost model behind `byom deploy`'s latency and code-size estimates: instructions per
/// kernel call of the exported C library, as measured on an emulated Cortex-M4 (QEMU
/// mps2-an386, `-icount shift=0`, SysTick; scripts/calibrate-deploy regenerates the table in
/// calibrationtable.h), and the code bytes of each kernel as arm-none-eabi-gcc -O2 builds it.
class Calibration {
public:
    /// Estimated instructions of one kernel call (its steps, its activation, its overhead).
    static double instructions(const CGraph& graph, const CGraph::Op& op);
    /// Estimated code bytes of the library: the kernels it uses, one call per op, the libm
    /// functions its activations need.
    static long long codeBytes(const CGraph& graph);

    /// The libm functions the library calls (kernels and activations), as bits.
    enum LibmFunction { kExpf = 1, kErff = 2, kTanhf = 4, kSqrtf = 8 };
    static int libmFunctions(const CGraph& graph);
    /// One sentence: how the table was obtained.
    static std::string method();
};

}  // namespace byom
