#include "core/io/export/cboardfiles.h"

namespace byom {

std::string CBoardFiles::startup() {
    return R"(/* Start-up code for Arm's MPS2 AN386 (Cortex-M4F), e.g. qemu-system-arm -M mps2-an386.
 * The vector table holds the initial stack pointer and the reset handler, which copies .data,
 * zeroes .bss, enables the FPU (CPACR) before any float instruction and calls main(). */
#include <stdint.h>
#include <stdlib.h>

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);
void reset_handler(void);
void _init(void);
void _fini(void);

/* newlib's exit() calls these; nothing to do on this board */
void _init(void) {}
void _fini(void) {}

__attribute__((section(".vectors"), used)) static const uintptr_t vectors[2] = {
    (uintptr_t)&__stack_top, (uintptr_t)reset_handler};

void reset_handler(void)
{
    uint32_t *src = &__data_load, *dst = &__data_start;
    while (dst < &__data_end) *dst++ = *src++;
    for (dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: full access to CP10, CP11 */
    __asm__ __volatile__("dsb\n\tisb" ::: "memory");
    exit(main());
}
)";
}

std::string CBoardFiles::linkerScript() {
    return R"(/* Arm MPS2 AN386 (Cortex-M4F): 4 MB flash at 0x00000000, 4 MB SRAM at 0x20000000 */
MEMORY
{
    FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 4M
    RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 4M
}
ENTRY(reset_handler)
SECTIONS
{
    .vectors : { KEEP(*(.vectors)) } > FLASH
    .text : { *(.text*) *(.rodata*) KEEP(*(.init)) KEEP(*(.fini)) . = ALIGN(4); } > FLASH
    .ARM.extab : { *(.ARM.extab*) } > FLASH
    .ARM.exidx : { *(.ARM.exidx*) } > FLASH
    .init_array : { *(.init_array*) } > FLASH
    .fini_array : { *(.fini_array*) } > FLASH
    __data_load = LOADADDR(.data);
    .data : { __data_start = .; *(.data*) . = ALIGN(4); __data_end = .; } > RAM AT > FLASH
    .bss (NOLOAD) : { __bss_start = .; *(.bss*) *(COMMON) . = ALIGN(4); __bss_end = .; } > RAM
    . = ALIGN(8);
    end = .;
    _end = .;
    __end__ = .;
    __stack_top = ORIGIN(RAM) + LENGTH(RAM);
}
)";
}

}  // namespace byom
