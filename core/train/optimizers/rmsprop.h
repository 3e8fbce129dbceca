#pragma once

#include "core/train/optimizer.h"

namespace byom {

/// RMSprop, Keras's form (rho 0.9, epsilon 1e-7 inside the square root, momentum 0):
///   s = rho s + (1 - rho) g^2;  d = lr g / sqrt(s + eps)
///   momentum 0: p -= d;  else: b = momentum b + d, p -= b
/// PyTorch: alpha (= rho) 0.99 and eps 1e-8 added to sqrt(s).
class RmsProp : public Optimizer {
public:
    explicit RmsProp(double lr = 1e-3, OptimizerOptions options = {}) : Optimizer(lr, options) {}
    std::string name() const override { return "rmsprop"; }

protected:
    void update(float* p, const float* grads, Index n, float gradScale, float l2,
                float decay) override;

private:
    Vec<float> m_s;
    Vec<float> m_b;
};

}  // namespace byom
