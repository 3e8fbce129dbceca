#include "core/layers/batchnorm.h"

#include <cmath>

#include "core/layers/channelruns.h"

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

namespace {

template <typename T>
Eigen::Map<const Vec<T>> run(const T* data, Index offset, Index length) {
    return Eigen::Map<const Vec<T>>(data + offset, length);
}

template <typename T>
VecMap<T> run(T* data, Index offset, Index length) {
    return VecMap<T>(data + offset, length);
}

}  // namespace

// Both passes work on runs of whole columns (ChannelRuns), three passes over the batch in
// forward and two in backward: the (C x N) matrices of a conv model (N = batch x length) do
// not stay in cache between passes, and one channel vector is too short to vectorise.
template <typename T>
void BatchNorm<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const VecMap<T> gamma(m_params, c);
    const VecMap<T> beta(m_params + c, c);
    VecMap<T> movingMean(m_state, c);
    VecMap<T> movingVar(m_state + c, c);
    out.resize(in.rows(), in.cols());
    m_xhat.resize(c, n);
    m_trainedForward = training;
    const ChannelRuns<T> runs(c, n);
    const int threads = loopThreads();
    const T* x = in.data();
    T* xh = m_xhat.data();
    T* y = out.data();
    if (training) {
        m_acc.setZero(runs.runValues());
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            m_acc.segment(b, e - b) += run(x, o + b, e - b);
        });
        runs.fold(m_acc, m_mean);
        m_mean /= static_cast<T>(n);
        runs.repeat(m_mean, m_rep0);
        m_acc.setZero();
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            auto d = run(xh, o + b, e - b);
            d = run(x, o + b, e - b) - m_rep0.segment(b, e - b);
            m_acc.segment(b, e - b) += d.cwiseAbs2();
        });
        runs.fold(m_acc, m_var);
        m_var /= static_cast<T>(n);
        m_invStd = (m_var.array() + static_cast<T>(m_epsilon)).rsqrt();
        const T mom = static_cast<T>(m_momentum);
        movingMean = mom * movingMean + (T(1) - mom) * m_mean;
        movingVar = mom * movingVar + (T(1) - mom) * m_var;
    } else {
        runs.repeat(movingMean, m_rep0);
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            run(xh, o + b, e - b) = run(x, o + b, e - b) - m_rep0.segment(b, e - b);
        });
        m_invStd = (movingVar.array() + static_cast<T>(m_epsilon)).rsqrt();
    }
    runs.repeat(m_invStd, m_rep0);
    runs.repeat(gamma, m_rep1);
    runs.repeat(beta, m_rep2);
    runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
        auto d = run(xh, o + b, e - b).array();
        d *= m_rep0.segment(b, e - b).array();
        run(y, o + b, e - b).array() =
            d * m_rep1.segment(b, e - b).array() + m_rep2.segment(b, e - b).array();
    });
}

template <typename T>
void BatchNorm<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const VecMap<T> gamma(m_params, c);
    VecMap<T> gGamma(m_grads, c);
    VecMap<T> gBeta(m_grads + c, c);
    const ChannelRuns<T> runs(c, n);
    const int threads = loopThreads();
    const T* g = gradOut.data();
    const T* xh = m_xhat.data();
    m_acc.setZero(runs.runValues());
    m_acc2.setZero(runs.runValues());
    runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
        m_acc.segment(b, e - b) += run(g, o + b, e - b);
        m_acc2.segment(b, e - b) += run(g, o + b, e - b).cwiseProduct(run(xh, o + b, e - b));
    });
    runs.fold(m_acc, gBeta);
    runs.fold(m_acc2, gGamma);
    if (!this->m_needInputGrad) return;
    gradIn.resize(in.rows(), in.cols());
    T* gx = gradIn.data();
    m_mean = gamma.array() * m_invStd.array();
    runs.repeat(m_mean, m_rep0);  // gamma / sqrt(var + eps)
    if (m_trainedForward) {
        const T invN = T(1) / static_cast<T>(n);
        runs.repeat(gBeta * invN, m_rep1);   // mean(g) per channel
        runs.repeat(gGamma * invN, m_rep2);  // mean(g xh) per channel
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            run(gx, o + b, e - b).array() =
                (run(g, o + b, e - b).array() - m_rep1.segment(b, e - b).array() -
                 run(xh, o + b, e - b).array() * m_rep2.segment(b, e - b).array()) *
                m_rep0.segment(b, e - b).array();
        });
    } else {
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            run(gx, o + b, e - b).array() =
                run(g, o + b, e - b).array() * m_rep0.segment(b, e - b).array();
        });
    }
}

template <typename T>
bool BatchNorm<T>::inferenceAffine(std::vector<double>& scale, std::vector<double>& shift) const {
    const Index c = m_channels;
    scale.resize(static_cast<std::size_t>(c));
    shift.resize(static_cast<std::size_t>(c));
    for (Index i = 0; i < c; ++i) {
        const auto k = static_cast<std::size_t>(i);
        scale[k] = static_cast<double>(m_params[i]) /
                   std::sqrt(static_cast<double>(m_state[c + i]) + m_epsilon);
        shift[k] =
            static_cast<double>(m_params[c + i]) - static_cast<double>(m_state[i]) * scale[k];
    }
    return true;
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
