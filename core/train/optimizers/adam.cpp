#include "core/train/optimizers/adam.h"

#include <cmath>

namespace byom {

void Adam::update(float* p, const float* grads, Index n, float gradScale, float l2, float decay) {
    if (m_m.size() != n) {
        m_m = Vec<float>::Zero(n);
        m_v = Vec<float>::Zero(n);
    }
    const double t = static_cast<double>(m_t);
    const double b1 = m_options.beta1;
    const double b2 = m_options.beta2;
    const float alpha =
        static_cast<float>(m_lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t)));
    const float c1 = static_cast<float>(1.0 - b1);
    const float c2 = static_cast<float>(1.0 - b2);
    const float eps = static_cast<float>(m_options.epsilon);
    float* m = m_m.data();
    float* v = m_v.data();
    for (Index i = 0; i < n; ++i) {
        const float g = gradScale * grads[i] + l2 * p[i];
        m[i] += c1 * (g - m[i]);
        v[i] += c2 * (g * g - v[i]);
        p[i] = decay * p[i] - alpha * m[i] / (std::sqrt(v[i]) + eps);
    }
}

}  // namespace byom
