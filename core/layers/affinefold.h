#pragma once

#include <new>
#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// Folds y = z * scale[c] + shift[c] (a BatchNorm in inference mode) into the linear layer that
/// computes z = W x + b, as the exporters fold it: each weight of output channel c times
/// scale[c], the bias b[c] * scale[c] + shift[c] (b = 0 without a bias), in double.
/// `channelOf(e)`: the output channel of weight e of `w`.
template <typename T, typename ChannelOf>
void foldWeights(T* w, Index n, const std::vector<double>& scale, ChannelOf channelOf) {
    for (Index e = 0; e < n; ++e)
        w[e] = static_cast<T>(static_cast<double>(w[e]) *
                              scale[static_cast<std::size_t>(channelOf(e))]);
}

/// The folded bias into `b` (scale.size() values): b * scale + shift, with `hasBias` false
/// meaning b holds no bias yet (it is overwritten with shift).
template <typename T>
void foldBias(T* b, bool hasBias, const std::vector<double>& scale,
              const std::vector<double>& shift) {
    for (std::size_t c = 0; c < scale.size(); ++c)
        b[c] = static_cast<T>((hasBias ? static_cast<double>(b[c]) : 0.0) * scale[c] + shift[c]);
}

/// The fold into a dense or conv1d layer: `w` (outputs x inputs, a row per output channel) and
/// its bias `b`; without a bias (`hasBias` false) `b` is pointed at `storage` and `hasBias`
/// becomes true.
template <typename T>
void foldIntoRows(MatMap<T>& w, VecMap<T>& b, bool& hasBias, Vec<T>& storage,
                  const std::vector<double>& scale, const std::vector<double>& shift) {
    const Index rows = w.rows();
    foldWeights(w.data(), w.size(), scale, [rows](Index e) { return e % rows; });
    if (!hasBias) {
        storage.resize(rows);
        new (&b) VecMap<T>(storage.data(), rows);
    }
    foldBias(b.data(), hasBias, scale, shift);
    hasBias = true;
}

}  // namespace byom
