#pragma once

#include "core/train/optimizer.h"

namespace byom {

/// Stochastic gradient descent, Keras's form, optionally with (Nesterov) momentum mu:
///   mu = 0:   p -= lr g
///   else:     v = mu v - lr g;  p += v            (Nesterov: p += mu v - lr g)
class Sgd : public Optimizer {
public:
    explicit Sgd(double lr = 1e-2, OptimizerOptions options = {}) : Optimizer(lr, options) {}
    std::string name() const override { return "sgd"; }

protected:
    void update(float* p, const float* grads, Index n, float gradScale, float l2,
                float decay) override;

private:
    Vec<float> m_velocity;
};

}  // namespace byom
