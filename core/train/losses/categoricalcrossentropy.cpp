#include "core/train/losses/categoricalcrossentropy.h"

#include <cmath>

#include "core/train/losses/lossreduction.h"
#include "core/util/error.h"

namespace byom {

void checkSoftmaxOutput(const std::string& loss, Act outAct, Index outputs) {
    if (outAct != Act::Softmax && outAct != Act::Linear)
        throw Error(loss + " needs a softmax (or linear) output layer, got " +
                    activationName(outAct));
    if (outputs < 2) throw Error(loss + " needs at least 2 outputs");
}

template <typename T>
void CategoricalCrossentropy<T>::checkOutput(Act outAct, Index outputs) const {
    checkSoftmaxOutput(m_name, outAct, outputs);
}

template <typename T>
T CategoricalCrossentropy<T>::compute(const Mat<T>& logits, const Mat<T>&, Act,
                                      const Mat<T>& target, Mat<T>& grad, const Vec<T>* weights) {
    const Index steps = this->steps();
    checkStepWeights(weights, target, steps);
    const Index k = logits.rows() / steps;  // classes per time step
    const Index n = logits.cols();
    grad.resize(logits.rows(), n);
    const T cells = static_cast<T>(n * steps);  // every time step of every sample counts once
    double total = 0.0;
    for (Index j = 0; j < n; ++j) {
        for (Index s = 0; s < steps; ++s) {
            const T wj = stepWeight(weights, n, steps, j, s);
            const T scale = wj / cells;
            const T* z = logits.col(j).data() + s * k;
            const T* t = target.col(j).data() + s * k;
            T* g = grad.col(j).data() + s * k;
            T m = z[0];
            for (Index i = 1; i < k; ++i) m = std::max(m, z[i]);
            T sum = 0, tsum = 0, tz = 0;
            for (Index i = 0; i < k; ++i) {
                g[i] = std::exp(z[i] - m);
                sum += g[i];
                tsum += t[i];
                tz += t[i] * z[i];
            }
            const T lse = m + std::log(sum);
            total += static_cast<double>(wj * (tsum * lse - tz));
            const T pscale = tsum / sum;
            for (Index i = 0; i < k; ++i) g[i] = (g[i] * pscale - t[i]) * scale;
        }
    }
    return static_cast<T>(total / static_cast<double>(cells));
}

template class CategoricalCrossentropy<float>;
template class CategoricalCrossentropy<double>;

}  // namespace byom
