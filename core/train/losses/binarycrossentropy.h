#pragma once

#include "core/train/loss.h"

namespace byom {

/// Binary cross-entropy from the logits z, fused with a sigmoid (or linear) output, element by
/// element (Keras's binary_crossentropy with from_logits, PyTorch's BCEWithLogitsLoss):
///   e = max(z, 0) - z t + log(1 + exp(-|z|))   (= -t log s(z) - (1 - t) log(1 - s(z)))
///   l_j = mean over the k outputs;  de/dz = sigmoid(z) - t
/// Targets in [0, 1]: one-hot classes, or several independent labels per sample.
template <typename T>
class BinaryCrossentropy : public Loss<T> {
public:
    std::string name() const override { return "binary_crossentropy"; }
    bool classification() const override { return true; }
    void checkOutput(Act outAct, Index outputs) const override;
    T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
              Mat<T>& gradLogits, const Vec<T>* weights) override;
};

}  // namespace byom
