#pragma once

#include "core/train/optimizers/adam.h"

namespace byom {

/// Adam with decoupled weight decay (Loshchilov and Hutter): p -= lr * wd * p, then the Adam
/// step. wd defaults to Keras's 0.004 (PyTorch's AdamW: 1e-2); set OptimizerOptions::weightDecay
/// to change it.
class AdamW : public Adam {
public:
    static constexpr double kDefaultWeightDecay = 0.004;
    explicit AdamW(double lr = 1e-3, OptimizerOptions options = {}) : Adam(lr, options) {}
    std::string name() const override { return "adamw"; }
    double weightDecay() const override {
        return m_options.weightDecay.value_or(kDefaultWeightDecay);
    }
};

}  // namespace byom
