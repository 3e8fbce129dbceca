#pragma once

#include "core/train/losses/elementwiseloss.h"

namespace byom {

/// Huber loss, Keras's "huber" (delta 1.0 by default), with d = o - t:
///   e = d^2 / 2 when |d| <= delta, else delta (|d| - delta / 2);  e' = clamp(d, -delta, delta)
/// PyTorch's HuberLoss(delta) is the same function.
template <typename T>
class Huber : public ElementwiseLoss<T> {
public:
    explicit Huber(double delta = 1.0);
    std::string name() const override { return "huber"; }
    double delta() const { return m_delta; }

protected:
    void elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                  Mat<T>& deriv) const override;

private:
    double m_delta;
};

}  // namespace byom
