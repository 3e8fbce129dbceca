#pragma once

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/util/tensor.h"

namespace byom {

/// Threads an engine loop may run on: the engine's count (Eigen's, set by ThreadCount), one
/// inside a parallel region (the inference plan's chunks already run side by side).
inline int loopThreads() {
#ifdef _OPENMP
    return omp_in_parallel() ? 1 : Eigen::nbThreads();
#else
    return 1;
#endif
}

/// Calls f(begin, end) for `threads` contiguous parts of [0, n) in parallel (OpenMP builds),
/// each part at least `minPart` long; one call with the whole range otherwise. Meant for
/// loops whose results do not depend on the split (element-wise, or one column per sample).
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

/// Calls f(0) ... f(parts - 1) inside one parallel region of `threads` threads (one call each,
/// the surplus threads idle): Eigen's products inside run on their caller's thread even when
/// parts is 1, as they do when threads is 1 (no region then).
template <typename F>
void parallelParts(int parts, int threads, F&& f) {
#ifdef _OPENMP
    if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int t = 0; t < threads; ++t)
            if (t < parts) f(t);
        return;
    }
#else
    (void)threads;
#endif
    for (int t = 0; t < parts; ++t) f(t);
}

/// f(b0, b1) for parts of a batch's samples [0, batch) on loopThreads() threads, inside a
/// parallel region when there are several (so that Eigen's products inside stay on their
/// thread, as with one).
template <typename F>
void samplesInParallel(Index batch, F&& f) {
    const int threads = loopThreads();
    const int parts = static_cast<int>(std::clamp<Index>(batch, 1, threads));
    parallelParts(parts, threads, [&](int t) { f(batch * t / parts, batch * (t + 1) / parts); });
}

/// f(k) for chunks k in [0, chunks), contiguous runs of them on loopThreads() threads (inside a
/// parallel region when there are several).
template <typename F>
void chunksInParallel(Index chunks, F&& f) {
    samplesInParallel(chunks, [&](Index k0, Index k1) {
        for (Index k = k0; k < k1; ++k) f(k);
    });
}

/// parallelRanges over the columns of a (rows x cols) matrix on loopThreads(), each part at
/// least about `minValues` values: for loops that treat each sample's column on its own.
template <typename F>
void parallelColumns(Index rows, Index cols, Index minValues, F&& f) {
    parallelRanges(cols, loopThreads(), (minValues + rows - 1) / std::max<Index>(1, rows), f);
}

/// Values below which a loop over a layer's activations stays on one thread (about 64 KiB of
/// floats: a thread's start costs about as much as a pass over that much memory).
constexpr Index kMinParallelValues = Index(1) << 14;

/// parallelRanges over n values on loopThreads(), parts of at least kMinParallelValues: for
/// element-wise loops over a batch's activations.
template <typename F>
void parallelValues(Index n, F&& f) {
    parallelRanges(n, loopThreads(), kMinParallelValues, f);
}

/// dst = a + b element-wise (a, b and dst of one size), on loopThreads().
template <typename T>
void parallelSum(const Mat<T>& a, const Mat<T>& b, Mat<T>& dst) {
    dst.resize(a.rows(), a.cols());
    parallelValues(a.size(), [&](Index begin, Index end) {
        Eigen::Map<Vec<T>>(dst.data() + begin, end - begin) =
            Eigen::Map<const Vec<T>>(a.data() + begin, end - begin) +
            Eigen::Map<const Vec<T>>(b.data() + begin, end - begin);
    });
}

/// dst = a * b element-wise (a, b and dst of one size), on loopThreads().
template <typename T>
void parallelCwiseProduct(const Mat<T>& a, const Mat<T>& b, Mat<T>& dst) {
    dst.resize(a.rows(), a.cols());
    parallelValues(a.size(), [&](Index begin, Index end) {
        Eigen::Map<Vec<T>>(dst.data() + begin, end - begin) =
            Eigen::Map<const Vec<T>>(a.data() + begin, end - begin)
                .cwiseProduct(Eigen::Map<const Vec<T>>(b.data() + begin, end - begin));
    });
}

}  // namespace byom
