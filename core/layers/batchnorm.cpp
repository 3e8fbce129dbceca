#include "core/layers/batchnorm.h"

namespace byom {

template <typename T>
BatchNorm<T>::BatchNorm(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_channels(in.dims.empty() ? 1 : in.dims.back()),
      m_momentum(spec.params.at("momentum").get<double>()),
      m_epsilon(spec.params.at("epsilon").get<double>()) {
    if (in.rank() < 1 || in.rank() > 2)
        throw Error("batch_norm needs a (features) or (length, channels) input, got " +
                    in.toString());
}

template <typename T>
std::vector<TensorInfo> BatchNorm<T>::tensors() const {
    const Index c = m_channels;
    return {{"gamma", {c}, 0, true},
            {"beta", {c}, c, true},
            {"moving_mean", {c}, 0, false},
            {"moving_variance", {c}, c, false}};
}

template <typename T>
void BatchNorm<T>::bind(T* params, T* grads, T* state) {
    m_params = params;
    m_grads = grads;
    m_state = state;
}

template <typename T>
void BatchNorm<T>::initParams(Rng&) {
    const Index c = m_channels;
    VecMap<T>(m_params, c).setOnes();
    VecMap<T>(m_params + c, c).setZero();
    VecMap<T>(m_state, c).setZero();
    VecMap<T>(m_state + c, c).setOnes();
}

template <typename T>
void BatchNorm<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const Eigen::Map<const Mat<T>> x(in.data(), c, n);
    const VecMap<T> gamma(m_params, c);
    const VecMap<T> beta(m_params + c, c);
    VecMap<T> movingMean(m_state, c);
    VecMap<T> movingVar(m_state + c, c);
    out.resize(in.rows(), in.cols());
    MatMap<T> y(out.data(), c, n);
    m_xhat.resize(c, n);
    m_trainedForward = training;
    // Column by column, three passes over the batch instead of one per Eigen expression: the
    // (C x N) matrices of a conv model (N = batch x length) do not stay in cache between passes.
    if (training) {
        m_mean.setZero(c);
        for (Index j = 0; j < n; ++j) m_mean += x.col(j);
        m_mean /= static_cast<T>(n);
        m_var.setZero(c);
        for (Index j = 0; j < n; ++j) {
            m_xhat.col(j) = x.col(j) - m_mean;
            m_var += m_xhat.col(j).cwiseAbs2();
        }
        m_var /= static_cast<T>(n);
        m_invStd = (m_var.array() + static_cast<T>(m_epsilon)).rsqrt();
        const T mom = static_cast<T>(m_momentum);
        movingMean = mom * movingMean + (T(1) - mom) * m_mean;
        movingVar = mom * movingVar + (T(1) - mom) * m_var;
    } else {
        m_xhat.noalias() = x.colwise() - movingMean;
        m_invStd = (movingVar.array() + static_cast<T>(m_epsilon)).rsqrt();
    }
    for (Index j = 0; j < n; ++j) {
        m_xhat.col(j).array() *= m_invStd.array();
        y.col(j).array() = m_xhat.col(j).array() * gamma.array() + beta.array();
    }
}

template <typename T>
void BatchNorm<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const Eigen::Map<const Mat<T>> g(gradOut.data(), c, n);
    const VecMap<T> gamma(m_params, c);
    VecMap<T> gGamma(m_grads, c);
    VecMap<T> gBeta(m_grads + c, c);
    // Column by column: Eigen's rowwise() sums of a column-major matrix stride across it.
    gBeta.setZero();
    gGamma.setZero();
    for (Index j = 0; j < n; ++j) {
        gBeta += g.col(j);
        gGamma += g.col(j).cwiseProduct(m_xhat.col(j));
    }
    if (!this->m_needInputGrad) return;
    gradIn.resize(in.rows(), in.cols());
    MatMap<T> gx(gradIn.data(), c, n);
    m_scale = gamma.array() * m_invStd.array();
    if (m_trainedForward) {
        const T invN = T(1) / static_cast<T>(n);
        m_mean = gBeta * invN;  // mean(g) per channel
        m_var = gGamma * invN;  // mean(g xh) per channel
        for (Index j = 0; j < n; ++j)
            gx.col(j).array() =
                (g.col(j).array() - m_mean.array() - m_xhat.col(j).array() * m_var.array()) *
                m_scale.array();
    } else {
        for (Index j = 0; j < n; ++j) gx.col(j).array() = g.col(j).array() * m_scale.array();
    }
}

template <typename T>
LayerDescriptor BatchNorm<T>::describe() {
    LayerDescriptor d;
    d.kind = "batch_norm";
    d.displayName = "BatchNorm";
    d.category = "Normalization";
    d.doc =
        "Normalises each channel with the batch's statistics while training and with their "
        "moving averages at inference, then scales (gamma) and shifts (beta).";
    d.schema = Schema{
        floatParam("momentum", 0.99, 0.0, 1.0,
                   "Weight of the old moving statistics at each update (Keras convention)."),
        floatParam("epsilon", 1e-3, 1e-12, 1.0, "Added to the variance before the square root."),
    };
    d.keyParams = {"momentum"};
    return withFactories<BatchNorm>(d);
}

template class BatchNorm<float>;
template class BatchNorm<double>;

}  // namespace byom
