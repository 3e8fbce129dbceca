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

template <typename T>
auto BatchNorm<T>::normalised(const T* x, Index o, Index b, Index e) const {
    return (run(x, o + b, e - b).array() - m_rep0.segment(b, e - b).array()) *
           m_rep1.segment(b, e - b).array();
}

// Both passes work on runs of whole columns (ChannelRuns): the (C x N) matrices of a conv
// model (N = batch x length) do not stay in cache between passes, and one channel vector is too
// short to vectorise. The normalised input x^ = (x - mean) / sqrt(var + eps) is not stored:
// backward recomputes it from the input with the same operations (three passes over the batch
// in forward and two in backward, each a read of the input, instead of writes and reads of a
// copy of its size).
template <typename T>
void BatchNorm<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    const Index c = m_channels;
    const Index n = in.size() / c;
    const VecMap<T> gamma(m_params, c);
    const VecMap<T> beta(m_params + c, c);
    VecMap<T> movingMean(m_state, c);
    VecMap<T> movingVar(m_state + c, c);
    out.resize(in.rows(), in.cols());
    m_trainedForward = training;
    const ChannelRuns<T> runs(c, n);
    const int threads = loopThreads();
    const T* x = in.data();
    T* y = out.data();
    if (training) {
        m_acc.setZero(runs.runValues());
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            m_acc.segment(b, e - b) += run(x, o + b, e - b);
        });
        runs.fold(m_acc, m_center);
        m_center /= static_cast<T>(n);
        runs.repeat(m_center, m_rep0);
        m_acc.setZero();
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            m_acc.segment(b, e - b) +=
                (run(x, o + b, e - b) - m_rep0.segment(b, e - b)).cwiseAbs2();
        });
        runs.fold(m_acc, m_var);
        m_var /= static_cast<T>(n);
        m_invStd = (m_var.array() + static_cast<T>(m_epsilon)).rsqrt();
        const T mom = static_cast<T>(m_momentum);
        movingMean = mom * movingMean + (T(1) - mom) * m_center;
        movingVar = mom * movingVar + (T(1) - mom) * m_var;
    } else {
        m_center = movingMean;
        m_invStd = (movingVar.array() + static_cast<T>(m_epsilon)).rsqrt();
    }
    runs.repeat(m_center, m_rep0);
    runs.repeat(m_invStd, m_rep1);
    runs.repeat(gamma, m_rep2);
    runs.repeat(beta, m_rep3);
    runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
        run(y, o + b, e - b).array() = normalised(x, o, b, e) * m_rep2.segment(b, e - b).array() +
                                       m_rep3.segment(b, e - b).array();
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
    const T* x = in.data();
    runs.repeat(m_center, m_rep0);  // the forward's normalisation, for normalised()
    runs.repeat(m_invStd, m_rep1);
    m_acc.setZero(runs.runValues());
    m_acc2.setZero(runs.runValues());
    runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
        m_acc.segment(b, e - b) += run(g, o + b, e - b);
        m_acc2.segment(b, e - b).array() += run(g, o + b, e - b).array() * normalised(x, o, b, e);
    });
    runs.fold(m_acc, gBeta);
    runs.fold(m_acc2, gGamma);
    if (!this->m_needInputGrad) return;
    gradIn.resize(in.rows(), in.cols());
    T* gx = gradIn.data();
    m_var = gamma.array() * m_invStd.array();
    runs.repeat(m_var, m_rep2);  // gamma / sqrt(var + eps)
    if (m_trainedForward) {
        const T invN = T(1) / static_cast<T>(n);
        runs.repeat(gBeta * invN, m_rep3);   // mean(g) per channel
        runs.repeat(gGamma * invN, m_rep4);  // mean(g x^) per channel
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            run(gx, o + b, e - b).array() =
                (run(g, o + b, e - b).array() - m_rep3.segment(b, e - b).array() -
                 normalised(x, o, b, e) * m_rep4.segment(b, e - b).array()) *
                m_rep2.segment(b, e - b).array();
        });
    } else {
        runs.forEachParallel(threads, [&](Index o, Index b, Index e) {
            run(gx, o + b, e - b).array() =
                run(g, o + b, e - b).array() * m_rep2.segment(b, e - b).array();
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
