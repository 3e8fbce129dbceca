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

/// z (rows x n) = w * x, or w^T * x with `transposed`, for the contiguous column-major x and z
/// of a convolution: the n columns split between loopThreads() threads, each part through
/// one single-threaded Eigen product.
template <typename T>
void productByColumns(const MatMap<T>& w, bool transposed, const T* x, Index n, T* z) {
    const Index rows = transposed ? w.cols() : w.rows();
    const Index inner = transposed ? w.rows() : w.cols();
    const auto part = [&](Index c0, Index c1) {
        MatMap<T> zp(z + c0 * rows, rows, c1 - c0);
        const Eigen::Map<const Mat<T>> xp(x + c0 * inner, inner, c1 - c0);
        if (transposed)
            zp.noalias() = w.transpose() * xp;
        else
            zp.noalias() = w * xp;
    };
    const int threads = loopThreads();
    if (threads <= 1) {
        part(0, n);
        return;
    }
    const Index steps = (n + kProductColumnStep - 1) / kProductColumnStep;
    const int parts = static_cast<int>(std::clamp<Index>(steps / 4, 1, threads));
    parallelParts(parts, threads, [&](int t) {
        const Index c0 = std::min(n, steps * t / parts * kProductColumnStep);
        const Index c1 = std::min(n, steps * (t + 1) / parts * kProductColumnStep);
        if (c1 > c0) part(c0, c1);
    });
}

/// The chunks' kernel gradients (f x c each) and bias gradients (f each, when gb is not
/// null), one column of `chunks` per chunk, summed in order into gw and gb.
template <typename T>
void sumChunks(Mat<T>& chunks, Index f, Index c, MatMap<T>& gw, VecMap<T>* gb) {
    for (Index k = 1; k < chunks.cols(); ++k) chunks.col(0) += chunks.col(k);
    gw = MatMap<T>(chunks.col(0).data(), f, c);
    if (gb) *gb = VecMap<T>(chunks.col(0).data() + f * c, f);
}

/// Columns of depth summed by one product of depthChunkedGradient.
constexpr Index kDepthChunk = 4096;

/// gw = g * x^T, and gb = the row sums of g when gb is not null, for the contiguous g (f x n)
/// and x (c x n) of a long depth n: each chunk of kDepthChunk columns is one product
/// (the chunks on loopThreads() threads, their results in `scratch`), summed in order.
template <typename T>
void depthChunkedGradient(const T* g, Index f, const T* x, Index c, Index n, MatMap<T>& gw,
                          VecMap<T>* gb, Mat<T>& scratch) {
    const Index chunks = std::max<Index>(1, (n + kDepthChunk - 1) / kDepthChunk);
    scratch.resize(f * c + (gb ? f : 0), chunks);
    const auto chunk = [&](Index k) {
        const Index c0 = k * kDepthChunk;
        const Index len = std::min(kDepthChunk, n - c0);
        const Eigen::Map<const Mat<T>> gk(g + c0 * f, f, len);
        T* out = scratch.col(k).data();
        if (gb) VecMap<T>(out + f * c, f) = gk.rowwise().sum();
        MatMap<T>(out, f, c).noalias() =
            gk * Eigen::Map<const Mat<T>>(x + c0 * c, c, len).transpose();
    };
    const int threads = loopThreads();
    const int parts = static_cast<int>(std::min<Index>(chunks, threads));
    parallelParts(parts, threads, [&](int t) {
        for (Index k = chunks * t / parts; k < chunks * (t + 1) / parts; ++k) chunk(k);
    });
    sumChunks(scratch, f, c, gw, gb);
}

}  // namespace byom
