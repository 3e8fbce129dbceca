#pragma once

#include <cstddef>

namespace byom {

/// Asks the kernel to back [p, p + bytes) with transparent huge pages before it is first
/// written (Linux, when THP is in "madvise" mode; a no-op elsewhere or for small blocks). A large
/// freshly allocated matrix then takes one page fault per 2 MiB instead of per 4 KiB, which is
/// most of the time of loading it from the page cache (numpy does the same for its arrays).
void adviseHugePages(void* p, std::size_t bytes);

}  // namespace byom
