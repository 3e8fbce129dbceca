#pragma once

#include <string>

#include "core/graph/cgraph.h"
#include "core/quant/qgraph.h"

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
    /// The int8 library's (an int8 model's) estimated instructions of one op of `q`; an op
    /// kept in float costs as the float kernel of `graph` (the float graph `q` was made from).
    static double int8Instructions(const QGraph& q, const QGraph::Op& op, const CGraph& graph);
    /// The int8 library's instructions outside its ops: the call, the copy of the outputs.
    static double int8Overhead(const QGraph& q);
    /// Estimated code bytes of the int8 library.
    static long long int8CodeBytes(const QGraph& q);

    /// One sentence: how the table was obtained.
    static std::string method();
};

}  // namespace byom
