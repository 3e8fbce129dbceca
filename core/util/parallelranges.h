#pragma once

#include <algorithm>

#include "core/util/tensor.h"

namespace byom {

/// Calls f(begin, end) for `threads` contiguous parts of [0, n) in parallel (OpenMP builds),
/// each part at least `minPart` long; one call with the whole range otherwise. Meant for
/// element-wise loops, whose results do not depend on the split.
template <typename F>
void parallelRanges(Index n, int threads, Index minPart, F&& f) {
#ifdef _OPENMP
    const int parts = static_cast<int>(std::min<Index>(threads, n / std::max<Index>(1, minPart)));
    if (parts > 1) {
#pragma omp parallel for num_threads(parts) schedule(static)
        for (int t = 0; t < parts; ++t) f(n * t / parts, n * (t + 1) / parts);
        return;
    }
#else
    (void)threads;
    (void)minPart;
#endif
    f(Index(0), n);
}

}  // namespace byom
