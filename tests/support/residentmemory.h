#pragma once

#include <unistd.h>

#include <cstdint>
#include <fstream>

#include "support/sanitizers.h"

/// The resident set size of this process in bytes (Linux /proc/self/statm), 0 if unknown.
inline std::int64_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::int64_t sizePages = 0, residentPages = 0;
    if (!(statm >> sizePages >> residentPages)) return 0;
    return residentPages * sysconf(_SC_PAGESIZE);
}

/// False when the build holds freed memory back on purpose (ASan's quarantine, TSan's shadow),
/// so that the resident size says nothing about leaks.
constexpr bool residentSizeIsMeaningful() {
    return !builtWithSanitizers();
}
