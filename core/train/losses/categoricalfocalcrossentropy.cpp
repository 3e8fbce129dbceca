#include "core/train/losses/categoricalfocalcrossentropy.h"

#include <cmath>

#include "core/train/losses/categoricalcrossentropy.h"
#include "core/train/losses/lossreduction.h"
#include "core/util/error.h"

namespace byom {

template <typename T>
CategoricalFocalCrossentropy<T>::CategoricalFocalCrossentropy(double alpha, double gamma)
    : m_alpha(alpha), m_gamma(gamma) {
    if (!(gamma >= 0.0)) throw Error("categorical_focal_crossentropy needs gamma >= 0");
}

template <typename T>
void CategoricalFocalCrossentropy<T>::checkOutput(Act outAct, Index outputs) const {
    checkSoftmaxOutput(name(), outAct, outputs);
}

template <typename T>
T CategoricalFocalCrossentropy<T>::compute(const Mat<T>& logits, const Mat<T>&, Act,
                                           const Mat<T>& target, Mat<T>& grad,
                                           const Vec<T>* weights) {
    const Index steps = this->steps();
    checkStepWeights(weights, target, steps);
    const Index k = logits.rows() / steps;  // classes per time step
    const Index n = logits.cols();
    const T alpha = static_cast<T>(m_alpha);
    const T gamma = static_cast<T>(m_gamma);
    grad.resize(logits.rows(), n);
    m_p.resize(k);
    m_q.resize(k);
    m_logp.resize(k);
    const T cells = static_cast<T>(n * steps);  // every time step of every sample counts once
    double total = 0.0;
    for (Index j = 0; j < n; ++j) {
        for (Index s = 0; s < steps; ++s) {
            const T wj = stepWeight(weights, n, steps, j, s);
            const T scale = wj / cells;
            const T* z = logits.col(j).data() + s * k;
            const T* t = target.col(j).data() + s * k;
            T* g = grad.col(j).data() + s * k;
            total += static_cast<double>(wj * step(z, t, g, k, alpha, gamma));
            for (Index i = 0; i < k; ++i) g[i] *= scale;
        }
    }
    return static_cast<T>(total / static_cast<double>(cells));
}

template <typename T>
T CategoricalFocalCrossentropy<T>::step(const T* z, const T* t, T* g, Index k, T alpha, T gamma) {
    T m = z[0];
    for (Index i = 1; i < k; ++i) m = std::max(m, z[i]);
    T sum = 0;
    for (Index i = 0; i < k; ++i) sum += (m_p(i) = std::exp(z[i] - m));
    const T logSum = std::log(sum);
    T loss = 0, usum = 0;
    for (Index i = 0; i < k; ++i) {
        const T e = m_p(i);
        m_p(i) = e / sum;
        m_q(i) = std::max(T(0), (sum - e) / sum);
        m_logp(i) = z[i] - m - logSum;
        if (t[i] == T(0)) {
            g[i] = 0;
            continue;
        }
        const T qg = std::pow(m_q(i), gamma);
        // q^(gamma-1) * p * log p vanishes as q -> 0 for gamma >= 1 (p log p -> 0 faster).
        const T qg1 = m_q(i) > T(0) ? std::pow(m_q(i), gamma - T(1)) : T(0);
        loss -= alpha * t[i] * qg * m_logp(i);
        g[i] = -alpha * t[i] * (qg - gamma * m_p(i) * qg1 * m_logp(i));  // u_i
        usum += g[i];
    }
    for (Index i = 0; i < k; ++i) g[i] -= m_p(i) * usum;
    return loss;
}

template class CategoricalFocalCrossentropy<float>;
template class CategoricalFocalCrossentropy<double>;

}  // namespace byom
