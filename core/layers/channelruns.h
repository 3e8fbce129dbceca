#pragma once

#include <algorithm>

#include "core/util/parallelranges.h"
#include "core/util/tensor.h"

namespace byom {

/// Per-channel arithmetic on a (C x N) column-major matrix (a sequence layer's channels, N =
/// length x batch) as flat runs of whole columns. One column of a 12-channel layer is shorter
/// than an AVX-512 register, so column-by-column loops run mostly in their scalar tails; a run
/// of K columns (K * C >= 512 values) against per-channel vectors repeated K times vectorises
/// like any long array. The last run may hold fewer columns: it uses the heads of the repeats.
template <typename T>
class ChannelRuns {
public:
    ChannelRuns(Index channels, Index columns)
        : m_c(std::max<Index>(1, channels)),
          m_n(columns),
          m_k(std::max<Index>(1, (kRunValues + m_c - 1) / m_c)) {}

    /// Values in a full run (K * C): the length of repeats and accumulators.
    Index runValues() const { return m_k * m_c; }

    /// `out` = the per-channel vector `v` (C) repeated once per column of a run (a Vec<T> is
    /// resized; a block must have runValues() rows).
    template <typename Derived, typename Out>
    void repeat(const Eigen::MatrixBase<Derived>& v, Out&& out) const {
        out = v.replicate(m_k, 1);
    }

    /// Calls f(offset, length) for each run, in values from the start of the matrix.
    template <typename F>
    void forEach(F&& f) const {
        for (Index j = 0; j < m_n; j += m_k) f(j * m_c, std::min(m_k, m_n - j) * m_c);
    }

    /// Calls f(offset, begin, end) for each run and each of up to `threads` parts [begin, end)
    /// of its values (a part past a short last run's end is left out), the parts on their own
    /// threads. A thread owns the same values of every run, and of a runValues() accumulator,
    /// so each accumulated value keeps its order of sums whatever the thread count. One part
    /// when the matrix holds fewer than kMinParallelValues values.
    template <typename F>
    void forEachParallel(int threads, F&& f) const {
        const Index values = runValues();
        const int parts = m_n * m_c >= kMinParallelValues ? threads : 1;
        parallelRanges(values, parts, 64, [&](Index begin, Index end) {
            for (Index j = 0; j < m_n; j += m_k) {
                const Index l = std::min(m_k, m_n - j) * m_c;
                if (begin < l) f(j * m_c, begin, std::min(end, l));
            }
        });
    }

    /// `out` = the per-channel sums (C) of a contiguous accumulator of runValues() values.
    template <typename Derived, typename Out>
    void fold(const Eigen::MatrixBase<Derived>& acc, Out&& out) const {
        out = Eigen::Map<const Mat<T>>(acc.derived().data(), m_c, m_k).rowwise().sum();
    }

private:
    static constexpr Index kRunValues = 512;
    Index m_c;
    Index m_n;
    Index m_k;
};

}  // namespace byom
