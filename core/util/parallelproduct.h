#pragma once

#include <algorithm>

#include "core/util/parallelranges.h"
#include "core/util/tensor.h"

namespace byom {

// Matrix products of the convolutions, whose long side is the batch's positions (n = length x
// batch) and whose other sides are channel counts. Eigen's own threads split such a product's
// few output columns and meet at a spin barrier for every block of the depth, which costs more
// than it gains on 2 cores; these split the long side instead, each part one single-threaded
// Eigen product (Eigen runs serially inside a parallel region). The values do not depend on the
// thread count.

/// Columns of a part that splits a product: a multiple of Eigen's column panels, so that each
/// column is computed by the same kernel path whatever the split.
constexpr Index kProductColumnStep = 16;

/// dst = a * b, b's (and dst's) columns split between loopThreads() threads.
template <typename Dst, typename A, typename B>
void productByColumns(Dst&& dst, const A& a, const B& b) {
    const Index n = b.cols();
    const int threads = loopThreads();
    if (threads <= 1) {
        dst.noalias() = a * b;
        return;
    }
    const Index steps = (n + kProductColumnStep - 1) / kProductColumnStep;
    const int parts = static_cast<int>(std::clamp<Index>(steps / 4, 1, threads));
    parallelParts(parts, threads, [&](int t) {
        const Index c0 = std::min(n, steps * t / parts * kProductColumnStep);
        const Index c1 = std::min(n, steps * (t + 1) / parts * kProductColumnStep);
        if (c1 > c0) dst.middleCols(c0, c1 - c0).noalias() = a * b.middleCols(c0, c1 - c0);
    });
}

/// Columns of depth summed by one product of depthChunkedGradient.
constexpr Index kDepthChunk = 4096;

/// gw = g * x^T, and gb = the row sums of g when gb is not null, for g (F x n) and x (C x n)
/// of a long depth n: each chunk of kDepthChunk columns is one product (the chunks on
/// loopThreads() threads, their results in `scratch`), summed in order.
template <typename T, typename G, typename X>
void depthChunkedGradient(const G& g, const X& x, MatMap<T>& gw, VecMap<T>* gb, Mat<T>& scratch) {
    const Index f = g.rows();
    const Index c = x.rows();
    const Index n = g.cols();
    const Index chunks = std::max<Index>(1, (n + kDepthChunk - 1) / kDepthChunk);
    const Index values = f * c + (gb ? f : 0);
    scratch.resize(values, chunks);
    const auto chunk = [&](Index k) {
        const Index c0 = k * kDepthChunk;
        const Index len = std::min(kDepthChunk, n - c0);
        MatMap<T> part(scratch.col(k).data(), f, c);
        part.noalias() = g.middleCols(c0, len) * x.middleCols(c0, len).transpose();
        if (gb) VecMap<T>(scratch.col(k).data() + f * c, f) = g.middleCols(c0, len).rowwise().sum();
    };
    const int threads = loopThreads();
    const int parts = static_cast<int>(std::min<Index>(chunks, threads));
    parallelParts(parts, threads, [&](int t) {
        for (Index k = chunks * t / parts; k < chunks * (t + 1) / parts; ++k) chunk(k);
    });
    for (Index k = 1; k < chunks; ++k) scratch.col(0) += scratch.col(k);
    gw = MatMap<T>(scratch.col(0).data(), f, c);
    if (gb) *gb = VecMap<T>(scratch.col(0).data() + f * c, f);
}

}  // namespace byom
