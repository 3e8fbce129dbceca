#pragma once

#include "core/train/optimizer.h"

namespace byom {

/// Adam in Keras's form (beta1 0.9, beta2 0.999, epsilon 1e-7 added to sqrt(v)):
///   m += (1 - b1)(g - m);  v += (1 - b2)(g^2 - v)
///   p -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
/// PyTorch adds eps to sqrt(v_hat) instead, i.e. eps_torch = eps / sqrt(1 - b2^t); the two
/// agree once sqrt(v) >> eps.
class Adam : public Optimizer {
public:
    explicit Adam(double lr = 1e-3, OptimizerOptions options = {}) : Optimizer(lr, options) {}
    std::string name() const override { return "adam"; }

protected:
    void update(float* p, const float* grads, Index n, float gradScale, float l2,
                float decay) override;

private:
    Vec<float> m_m;
    Vec<float> m_v;
};

}  // namespace byom
