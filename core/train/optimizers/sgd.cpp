#include "core/train/optimizers/sgd.h"

#include "core/train/threadcount.h"
#include "core/util/parallelranges.h"

namespace byom {

namespace {

struct SgdConstants {
    float gradScale, l2, decay, lr, mu;
    bool nesterov;
};

/// SGD on elements [0, n) (v unused without momentum). A function of its own: inside the
/// caller's lambda, stores to the arrays could alias the captured constants, and GCC would not
/// vectorise the loops.
void sgdSteps(float* p, const float* grads, float* v, Index n, SgdConstants k) {
    if (k.mu == 0.0f) {
        for (Index i = 0; i < n; ++i) {
            const float g = k.gradScale * grads[i] + k.l2 * p[i];
            p[i] = k.decay * p[i] - k.lr * g;
        }
    } else if (k.nesterov) {
        for (Index i = 0; i < n; ++i) {
            const float g = k.gradScale * grads[i] + k.l2 * p[i];
            v[i] = k.mu * v[i] - k.lr * g;
            p[i] = k.decay * p[i] + k.mu * v[i] - k.lr * g;
        }
    } else {
        for (Index i = 0; i < n; ++i) {
            const float g = k.gradScale * grads[i] + k.l2 * p[i];
            v[i] = k.mu * v[i] - k.lr * g;
            p[i] = k.decay * p[i] + v[i];
        }
    }
}

}  // namespace

void Sgd::update(float* p, const float* grads, Index n, float gradScale, float l2, float decay) {
    const float lr = static_cast<float>(m_lr);
    const float mu = static_cast<float>(m_options.momentum);
    if (mu != 0.0f && m_velocity.size() != n) m_velocity = Vec<float>::Zero(n);
    float* v = m_velocity.data();
    const SgdConstants k{gradScale, l2, decay, lr, mu, m_options.nesterov};
    parallelRanges(n, ThreadCount::get(), kMinParallelPart, [&](Index begin, Index end) {
        sgdSteps(p + begin, grads + begin, v ? v + begin : nullptr, end - begin, k);
    });
}

}  // namespace byom
