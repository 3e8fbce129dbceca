#include "core/train/optimizers/rmsprop.h"

#include <cmath>

namespace byom {

void RmsProp::update(float* p, const float* grads, Index n, float gradScale, float l2,
                     float decay) {
    const float mu = static_cast<float>(m_options.momentum);
    if (m_s.size() != n) m_s = Vec<float>::Zero(n);
    if (mu > 0.0f && m_b.size() != n) m_b = Vec<float>::Zero(n);
    const float lr = static_cast<float>(m_lr);
    const float rho = static_cast<float>(m_options.rho);
    const float eps = static_cast<float>(m_options.epsilon);
    float* s = m_s.data();
    float* b = m_b.data();
    for (Index i = 0; i < n; ++i) {
        const float g = gradScale * grads[i] + l2 * p[i];
        s[i] = rho * s[i] + (1.0f - rho) * g * g;
        const float d = lr * g / std::sqrt(s[i] + eps);
        if (mu > 0.0f) {
            b[i] = mu * b[i] + d;
            p[i] = decay * p[i] - b[i];
        } else {
            p[i] = decay * p[i] - d;
        }
    }
}

}  // namespace byom
