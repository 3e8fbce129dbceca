#include "core/train/optimizers/rmsprop.h"

#include <cmath>

#include "core/train/threadcount.h"
#include "core/util/parallelranges.h"

namespace byom {

namespace {

struct RmsPropConstants {
    float gradScale, l2, decay, lr, rho, eps, mu;
};

/// RMSprop on elements [0, n) (b unused without momentum). A function of its own: inside the
/// caller's lambda, stores to the arrays could alias the captured constants, and GCC would not
/// vectorise the loop.
void rmsPropSteps(float* p, const float* grads, float* s, float* b, Index n, RmsPropConstants k) {
    for (Index i = 0; i < n; ++i) {
        const float g = k.gradScale * grads[i] + k.l2 * p[i];
        s[i] = k.rho * s[i] + (1.0f - k.rho) * g * g;
        const float d = k.lr * g / std::sqrt(s[i] + k.eps);
        if (k.mu > 0.0f) {
            b[i] = k.mu * b[i] + d;
            p[i] = k.decay * p[i] - b[i];
        } else {
            p[i] = k.decay * p[i] - d;
        }
    }
}

}  // namespace

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
    const RmsPropConstants k{gradScale, l2, decay, lr, rho, eps, mu};
    parallelRanges(n, ThreadCount::get(), kMinParallelPart, [&](Index begin, Index end) {
        rmsPropSteps(p + begin, grads + begin, s + begin, b ? b + begin : nullptr, end - begin, k);
    });
}

}  // namespace byom
