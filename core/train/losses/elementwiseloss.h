#pragma once

#include "core/train/loss.h"

namespace byom {

/// Base of the losses defined element by element on the output (MSE, MAE, Huber):
///   l_j = (1/k) sum_i e(output_ij, target_ij),  L = (1/B) sum_j w_j l_j
///   dL/doutput_ij = w_j e'(output_ij, target_ij) / (B k)
/// then chained through the output activation to dL/dlogits (the activation is not fused: these
/// losses take any output activation, linear being the usual one).
template <typename T>
class ElementwiseLoss : public Loss<T> {
public:
    bool classification() const override { return false; }
    T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
              Mat<T>& gradLogits, const Vec<T>* weights) override;

protected:
    /// value = e(output, target) and deriv = de/doutput, element-wise; both (k x B), already
    /// sized by the caller.
    virtual void elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                          Mat<T>& deriv) const = 0;

private:
    Mat<T> m_value;  // reused from batch to batch
    Mat<T> m_deriv;
};

}  // namespace byom
