#include "core/train/optimizers/adam.h"

#include <cmath>

#include "core/train/threadcount.h"
#include "core/util/parallelranges.h"

namespace byom {

namespace {

struct AdamConstants {
    float gradScale, l2, decay, alpha, c1, c2, eps;
};

/// Adam on elements [0, n). A function of its own: inside the caller's lambda, stores to the
/// arrays could alias the captured constants, and GCC would not vectorise the loop.
void adamSteps(float* p, const float* grads, float* m, float* v, Index n, AdamConstants k) {
    for (Index i = 0; i < n; ++i) {
        const float g = k.gradScale * grads[i] + k.l2 * p[i];
        m[i] += k.c1 * (g - m[i]);
        v[i] += k.c2 * (g * g - v[i]);
        p[i] = k.decay * p[i] - k.alpha * m[i] / (std::sqrt(v[i]) + k.eps);
    }
}

}  // namespace

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
    // Split across the engine's threads when BYOM_THREADS > 1 (a 1.9M-parameter update reads
    // and writes ~52 MB); every element's arithmetic is the same whatever the split.
    parallelRanges(n, ThreadCount::get(), kMinParallelPart, [&](Index begin, Index end) {
        adamSteps(p + begin, grads + begin, m + begin, v + begin, end - begin,
                  {gradScale, l2, decay, alpha, c1, c2, eps});
    });
}

}  // namespace byom
