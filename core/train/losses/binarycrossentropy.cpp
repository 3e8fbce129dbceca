#include "core/train/losses/binarycrossentropy.h"

#include <cmath>

#include "core/train/losses/lossreduction.h"
#include "core/util/error.h"

namespace byom {

template <typename T>
void BinaryCrossentropy<T>::checkOutput(Act outAct, Index) const {
    if (outAct != Act::Sigmoid && outAct != Act::Linear)
        throw Error("binary_crossentropy needs a sigmoid (or linear) output layer, got " +
                    activationName(outAct));
}

template <typename T>
T BinaryCrossentropy<T>::compute(const Mat<T>& logits, const Mat<T>&, Act, const Mat<T>& target,
                                 Mat<T>& grad, const Vec<T>* weights) {
    checkWeights(weights, target);
    const Index k = logits.rows();
    const Index n = logits.cols();
    grad.resize(k, n);
    double total = 0.0;
    for (Index j = 0; j < n; ++j) {
        const T* z = logits.col(j).data();
        const T* t = target.col(j).data();
        T* g = grad.col(j).data();
        const T wj = sampleWeight(weights, j);
        const T scale = wj / static_cast<T>(n * k);
        T loss = 0;
        for (Index i = 0; i < k; ++i) {
            const T e = std::exp(-std::abs(z[i]));  // in (0, 1]: no overflow either way
            loss += std::max(z[i], T(0)) - z[i] * t[i] + std::log1p(e);
            const T sigmoid = z[i] >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
            g[i] = (sigmoid - t[i]) * scale;
        }
        total += static_cast<double>(wj * loss);
    }
    return static_cast<T>(total / static_cast<double>(n * k));
}

template class BinaryCrossentropy<float>;
template class BinaryCrossentropy<double>;

}  // namespace byom
