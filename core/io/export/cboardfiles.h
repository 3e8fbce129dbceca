#pragma once

#include <string>

namespace byom {

/// The bare-metal start-up code and linker script of Arm's MPS2 AN386 board (a Cortex-M4
/// with FPU, as `qemu-system-arm -M mps2-an386` emulates it): flash at 0x00000000, SRAM at
/// 0x20000000, newlib with semihosting for printf and the exit status.
class CBoardFiles {
public:
    static std::string startup();
    static std::string linkerScript();
};

}  // namespace byom
