#include "core/train/losses/elementwiseloss.h"

#include "core/train/losses/lossreduction.h"
#include "core/util/error.h"

namespace byom {

template <typename T>
void checkWeights(const Vec<T>* weights, const Mat<T>& target) {
    if (weights && weights->size() != target.cols())
        throw Error("the loss got " + std::to_string(weights->size()) + " sample weights for " +
                    std::to_string(target.cols()) + " samples");
}

template <typename T>
void checkStepWeights(const Vec<T>* weights, const Mat<T>& target, Index steps) {
    if (weights && weights->size() != target.cols() && weights->size() != target.cols() * steps)
        throw Error("the loss got " + std::to_string(weights->size()) + " weights for " +
                    std::to_string(target.cols()) + " samples of " + std::to_string(steps) +
                    " time steps");
}

template <typename T>
T ElementwiseLoss<T>::compute(const Mat<T>& logits, const Mat<T>& output, Act outAct,
                              const Mat<T>& target, Mat<T>& gradLogits, const Vec<T>* weights) {
    checkWeights(weights, target);
    const Index k = output.rows();
    const Index n = output.cols();
    m_value.resize(k, n);
    m_deriv.resize(k, n);
    elements(output, target, m_value, m_deriv);
    double total = 0.0;
    for (Index j = 0; j < n; ++j) {
        const T wj = sampleWeight(weights, j);
        total += static_cast<double>(wj) * static_cast<double>(m_value.col(j).sum());
        m_deriv.col(j) *= wj / static_cast<T>(n * k);
    }
    activationBackward(outAct, logits, output, m_deriv, gradLogits, k);
    return static_cast<T>(total / static_cast<double>(n * k));
}

template void checkWeights<float>(const Vec<float>*, const Mat<float>&);
template void checkWeights<double>(const Vec<double>*, const Mat<double>&);
template void checkStepWeights<float>(const Vec<float>*, const Mat<float>&, Index);
template void checkStepWeights<double>(const Vec<double>*, const Mat<double>&, Index);
template class ElementwiseLoss<float>;
template class ElementwiseLoss<double>;

}  // namespace byom
