#include "core/layers/layernorm.h"

namespace byom {

template <typename T>
LayerNorm<T>::LayerNorm(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_channels(in.dims.empty() ? 1 : in.dims.back()),
      m_epsilon(spec.params.at("epsilon").get<double>()) {
    if (in.rank() < 1 || in.rank() > 2)
        throw Error("layer_norm needs a (features) or (length, channels) input, got " +
                    in.toString());
}

template <typename T>
std::vector<TensorInfo> LayerNorm<T>::tensors() const {
    return {{"gamma", {m_channels}, 0, true}, {"beta", {m_channels}, m_channels, true}};
}

template <typename T>
void LayerNorm<T>::bind(T* params, T* grads, T*) {
    m_params = params;
    m_grads = grads;
}

template <typename T>
void LayerNorm<T>::initParams(Rng&) {
    VecMap<T>(m_params, m_channels).setOnes();
    VecMap<T>(m_params + m_channels, m_channels).setZero();
}

template <typename T>
void LayerNorm<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const Eigen::Map<const Mat<T>> x(in.data(), c, n);
    const VecMap<T> gamma(m_params, c);
    const VecMap<T> beta(m_params + c, c);
    m_rowTmp.noalias() = x.colwise().mean();
    m_xhat.noalias() = x.rowwise() - m_rowTmp;
    m_invStd = (m_xhat.array().square().colwise().mean() + static_cast<T>(m_epsilon)).rsqrt();
    m_xhat.array().rowwise() *= m_invStd.array();
    out.resize(in.rows(), in.cols());
    MatMap<T> y(out.data(), c, n);
    y.noalias() = m_xhat;
    y.array().colwise() *= gamma.array();
    y.colwise() += beta;
}

template <typename T>
void LayerNorm<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const Eigen::Map<const Mat<T>> g(gradOut.data(), c, n);
    const VecMap<T> gamma(m_params, c);
    VecMap<T>(m_grads, c) = (g.array() * m_xhat.array()).rowwise().sum();
    VecMap<T>(m_grads + c, c) = g.rowwise().sum();
    if (!this->m_needInputGrad) return;
    m_gxhat.noalias() = g;
    m_gxhat.array().colwise() *= gamma.array();
    gradIn.resize(in.rows(), in.cols());
    MatMap<T> gx(gradIn.data(), c, n);
    m_rowTmp.noalias() = m_gxhat.colwise().mean();
    gx.noalias() = m_gxhat.rowwise() - m_rowTmp;
    m_rowTmp = (m_gxhat.array() * m_xhat.array()).colwise().mean();
    gx.array() -= m_xhat.array().rowwise() * m_rowTmp.array();
    gx.array().rowwise() *= m_invStd.array();
}

template <typename T>
LayerDescriptor LayerNorm<T>::describe() {
    LayerDescriptor d;
    d.kind = "layer_norm";
    d.displayName = "LayerNorm";
    d.category = "Normalization";
    d.doc =
        "Normalises the channels of each position on their own, then scales (gamma) and "
        "shifts (beta); the same in training and inference.";
    d.schema = Schema{
        floatParam("epsilon", 1e-3, 1e-12, 1.0, "Added to the variance before the square root."),
    };
    d.keyParams = {};
    return withFactories<LayerNorm>(d);
}

template class LayerNorm<float>;
template class LayerNorm<double>;

}  // namespace byom
