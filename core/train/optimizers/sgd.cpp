#include "core/train/optimizers/sgd.h"

namespace byom {

void Sgd::update(float* p, const float* grads, Index n, float gradScale, float l2, float decay) {
    const float lr = static_cast<float>(m_lr);
    const float mu = static_cast<float>(m_options.momentum);
    if (mu == 0.0f) {
        for (Index i = 0; i < n; ++i) {
            const float g = gradScale * grads[i] + l2 * p[i];
            p[i] = decay * p[i] - lr * g;
        }
        return;
    }
    if (m_velocity.size() != n) m_velocity = Vec<float>::Zero(n);
    float* v = m_velocity.data();
    if (m_options.nesterov) {
        for (Index i = 0; i < n; ++i) {
            const float g = gradScale * grads[i] + l2 * p[i];
            v[i] = mu * v[i] - lr * g;
            p[i] = decay * p[i] + mu * v[i] - lr * g;
        }
    } else {
        for (Index i = 0; i < n; ++i) {
            const float g = gradScale * grads[i] + l2 * p[i];
            v[i] = mu * v[i] - lr * g;
            p[i] = decay * p[i] + v[i];
        }
    }
}

}  // namespace byom
