#include "core/layers/dropout.h"

namespace byom {

template <typename T>
Dropout<T>::Dropout(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_rate(spec.params.at("rate").get<double>()) {}

template <typename T>
void Dropout<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    m_masked = training && m_rate > 0.0;
    if (!m_masked) {
        out = in;
        return;
    }
    const T keep = static_cast<T>(1.0 / (1.0 - m_rate));
    m_mask.resize(in.rows(), in.cols());
    T* mask = m_mask.data();
    for (Index i = 0; i < m_mask.size(); ++i) mask[i] = m_rng.uniform() < m_rate ? T(0) : keep;
    out.resize(in.rows(), in.cols());
    out.array() = in.array() * m_mask.array();
}

template <typename T>
void Dropout<T>::backward(const Mat<T>&, const Mat<T>&, const Mat<T>& gradOut, Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    if (m_masked) {
        gradIn.resize(gradOut.rows(), gradOut.cols());
        gradIn.array() = gradOut.array() * m_mask.array();
    } else {
        gradIn = gradOut;
    }
}

template <typename T>
LayerDescriptor Dropout<T>::describe() {
    LayerDescriptor d;
    d.kind = "dropout";
    d.displayName = "Dropout";
    d.category = "Regularization";
    d.doc = "Randomly zeroes a fraction of the values while training (identity at inference).";
    d.schema = Schema{floatParam("rate", 0.5, 0.0, 0.99, "Fraction of values dropped.")};
    d.keyParams = {"rate"};
    return withFactories<Dropout>(d);
}

template class Dropout<float>;
template class Dropout<double>;

}  // namespace byom
