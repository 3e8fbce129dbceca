#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// Updates a model's flat parameter vector from its flat gradient vector.
class Optimizer {
public:
    explicit Optimizer(double lr) : m_lr(lr) {}
    virtual ~Optimizer() = default;
    virtual std::string name() const = 0;
    virtual void step(Vec<float>& params, const Vec<float>& grads) = 0;
    double learningRate() const { return m_lr; }
    void setLearningRate(double lr) { m_lr = lr; }

protected:
    double m_lr;
};

/// Adam with Keras's constants: beta1 0.9, beta2 0.999, epsilon 1e-7 added to sqrt(v_hat).
///   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
///   p -= lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m/(1-b1^t), v_hat = v/(1-b2^t)
class Adam : public Optimizer {
public:
    explicit Adam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-7)
        : Optimizer(lr), m_b1(beta1), m_b2(beta2), m_eps(eps) {}
    std::string name() const override { return "adam"; }
    void step(Vec<float>& params, const Vec<float>& grads) override;

private:
    double m_b1, m_b2, m_eps;
    long long m_t = 0;
    Vec<float> m_m;
    Vec<float> m_v;
};

/// Plain SGD with optional momentum (Keras form: v = mu v - lr g; p += v).
class Sgd : public Optimizer {
public:
    explicit Sgd(double lr = 1e-2, double momentum = 0.0) : Optimizer(lr), m_mu(momentum) {}
    std::string name() const override { return "sgd"; }
    void step(Vec<float>& params, const Vec<float>& grads) override;

private:
    double m_mu;
    Vec<float> m_velocity;
};

const std::vector<std::string>& optimizerNames();
std::unique_ptr<Optimizer> makeOptimizer(const std::string& name, double lr);

}  // namespace byom
