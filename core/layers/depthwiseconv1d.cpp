#include "core/layers/depthwiseconv1d.h"

#include <algorithm>

#include "core/layers/affinefold.h"
#include "core/schema/schema.h"

namespace byom {

template <typename T>
DepthwiseConv1D<T>::DepthwiseConv1D(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_kernel(pairValue(spec.params.at("kernel_size"))),
      m_channels(in.rank() == 2 ? in[1] : 0),
      m_mult(spec.params.at("depth_multiplier").get<Index>()),
      m_rows(spec.params.value("kernel_rows", 1)),
      m_useBias(spec.params.at("use_bias").get<bool>()),
      m_act(parseActivation(spec.params.at("activation").get<std::string>())),
      m_init(parseInitializer(spec.params.at("depthwise_initializer").get<std::string>())) {
    requireSequence(in, "depthwise_conv1d");
    m_geo = ConvGeometry::make(in[0], m_kernel, pairValue(spec.params.at("strides")),
                               pairValue(spec.params.at("dilation_rate")),
                               spec.params.at("padding").get<std::string>(), "kernel_size");
    requireKernelRows(m_rows, m_geo, "depthwise_conv1d");
    if (m_channels > kMaxSampleValues / m_mult)
        throw Error("depth_multiplier " + std::to_string(m_mult) + " on " +
                    std::to_string(m_channels) + " channels gives too many output channels");
    requireSampleSize(m_geo.outLength, m_channels * m_mult);
    this->m_out = Shape{m_geo.outLength, m_channels * m_mult};
}

template <typename T>
std::vector<TensorInfo> DepthwiseConv1D<T>::tensors() const {
    std::vector<TensorInfo> t = {{"kernel", {m_kernel, m_channels, m_mult}, 0, true}};
    if (m_useBias)
        t.push_back({"bias", {m_channels * m_mult}, m_kernel * m_channels * m_mult, true});
    if (m_rows > 1)
        t.push_back({"inactive_rows",
                     {m_rows - 1, m_kernel, m_channels, m_mult},
                     (m_kernel + (m_useBias ? 1 : 0)) * m_channels * m_mult,
                     true});
    return t;
}

template <typename T>
void DepthwiseConv1D<T>::bind(T* params, T* grads, T*) {
    m_k = params;
    m_gk = grads;
    if (m_useBias) {
        m_b = params + m_kernel * m_channels * m_mult;
        m_gb = grads + m_kernel * m_channels * m_mult;
    }
    const Index rest = (m_kernel + (m_useBias ? 1 : 0)) * m_channels * m_mult;
    m_inactive = params + rest;
    m_gInactive = grads + rest;
}

template <typename T>
void DepthwiseConv1D<T>::initParams(Rng& rng) {
    // Keras computes the fans from the (R, k, C, M) kernel shape: R * k * C in, R * k * M out.
    const Index size = m_kernel * m_channels * m_mult;
    const Index fanIn = m_rows * m_kernel * m_channels;
    const Index fanOut = m_rows * m_kernel * m_mult;
    initialize(m_init, m_k, size, fanIn, fanOut, rng);
    if (m_rows > 1) initialize(m_init, m_inactive, (m_rows - 1) * size, fanIn, fanOut, rng);
    if (m_useBias) std::fill(m_b, m_b + m_channels * m_mult, T(0));
}

template <typename T>
void DepthwiseConv1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index cm = m_channels * m_mult;
    const Index c = m_channels;
    const Index mult = m_mult;
    Mat<T>& z = m_act == Act::Linear ? out : m_z;
    z.resize(m_geo.outLength * cm, in.cols());
    if (shiftsOnly()) {
        forwardShifts(in, z);
        if (m_act != Act::Linear) activationForward(m_act, m_z, out, cm);
        return;
    }
    for (Index b = 0; b < in.cols(); ++b) {
        const T* x = in.col(b).data();
        T* zc = z.col(b).data();
        for (Index o = 0; o < m_geo.outLength; ++o) {
            T* zo = zc + o * cm;
            if (m_useBias)
                std::copy(m_b, m_b + cm, zo);
            else
                std::fill(zo, zo + cm, T(0));
            for (Index j = 0; j < m_kernel; ++j) {
                const Index pos = m_geo.inputPos(o, j);
                if (pos < 0 || pos >= m_geo.length) continue;
                const T* xp = x + pos * c;
                const T* kj = m_k + j * cm;
                if (mult == 1) {
                    for (Index i = 0; i < c; ++i) zo[i] += xp[i] * kj[i];
                } else {
                    for (Index i = 0; i < c; ++i)
                        for (Index m = 0; m < mult; ++m)
                            zo[i * mult + m] += xp[i] * kj[i * mult + m];
                }
            }
        }
    }
    if (m_act != Act::Linear) activationForward(m_act, m_z, out, cm);
}

template <typename T>
void DepthwiseConv1D<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                                  Mat<T>& gradIn) {
    const Index cm = m_channels * m_mult;
    const Index c = m_channels;
    const Index mult = m_mult;
    const Mat<T>* gz = &gradOut;
    if (m_act != Act::Linear) {
        activationBackward(m_act, m_z, out, gradOut, m_gz, cm);
        gz = &m_gz;
    }
    const bool needIn = this->m_needInputGrad;
    std::fill(m_gInactive, m_gInactive + (m_rows - 1) * m_kernel * cm, T(0));
    if (shiftsOnly()) {
        if (needIn) gradIn.resize(in.rows(), in.cols());  // zeroed a sample at a time
        backwardShifts(in, *gz, needIn ? &gradIn : nullptr);
        return;
    }
    if (needIn) gradIn.setZero(in.rows(), in.cols());
    std::fill(m_gk, m_gk + m_kernel * cm, T(0));
    if (m_useBias) std::fill(m_gb, m_gb + cm, T(0));
    for (Index b = 0; b < in.cols(); ++b) {
        const T* x = in.col(b).data();
        const T* gc = gz->col(b).data();
        T* gx = needIn ? gradIn.col(b).data() : nullptr;
        for (Index o = 0; o < m_geo.outLength; ++o) {
            const T* go = gc + o * cm;
            if (m_useBias)
                for (Index i = 0; i < cm; ++i) m_gb[i] += go[i];
            for (Index j = 0; j < m_kernel; ++j) {
                const Index pos = m_geo.inputPos(o, j);
                if (pos < 0 || pos >= m_geo.length) continue;
                const T* xp = x + pos * c;
                const T* kj = m_k + j * cm;
                T* gkj = m_gk + j * cm;
                if (mult == 1) {
                    // Two independent element-wise loops the compiler vectorises; the general
                    // loop below mixes a reduction over the multiplier into them.
                    for (Index i = 0; i < c; ++i) gkj[i] += go[i] * xp[i];
                    if (needIn) {
                        T* gxp = gx + pos * c;
                        for (Index i = 0; i < c; ++i) gxp[i] += go[i] * kj[i];
                    }
                    continue;
                }
                for (Index i = 0; i < c; ++i) {
                    T acc = 0;
                    for (Index m = 0; m < mult; ++m) {
                        gkj[i * mult + m] += go[i * mult + m] * xp[i];
                        acc += go[i * mult + m] * kj[i * mult + m];
                    }
                    if (needIn) gx[pos * c + i] += acc;
                }
            }
        }
    }
}

template <typename T>
ChannelRuns<T> DepthwiseConv1D<T>::repeatTaps() {
    const Index c = m_channels;
    const ChannelRuns<T> rows(c, m_geo.outLength);
    if (m_frozen && m_rep.rows() == rows.runValues()) return rows;
    m_rep.resize(rows.runValues(), m_kernel + 1);
    for (Index j = 0; j < m_kernel; ++j)
        rows.repeat(Eigen::Map<const Vec<T>>(m_k + j * c, c), m_rep.col(j));
    if (m_useBias) rows.repeat(Eigen::Map<const Vec<T>>(m_b, c), m_rep.col(m_kernel));
    return rows;
}

template <typename T>
template <typename F>
void DepthwiseConv1D<T>::forEachTap(F&& f) const {
    // f(tap, offset, length, input value, output value): tap j's runs of (output, input)
    // values, from the first output row whose input row is inside the input.
    const Index c = m_channels;
    for (Index j = 0; j < m_kernel; ++j) {
        Index first, last, shift;
        m_geo.tapRange(j, first, last, shift);
        if (first >= last) continue;
        ChannelRuns<T>(c, last - first).forEach([&](Index o, Index l) {
            f(j, o, l, (first + shift) * c, first * c);
        });
    }
}

template <typename T>
void DepthwiseConv1D<T>::forwardShifts(const Mat<T>& in, Mat<T>& z) {
    // Tap j adds the input shifted by `shift` rows, times the tap's kernel row, to a range of
    // output rows: one flat run of values against the kernel row repeated once per row.
    // Samples are split between the engine's threads.
    const ChannelRuns<T> rows = repeatTaps();
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            const T* x = in.col(b).data();
            T* zc = z.col(b).data();
            rows.forEach([&](Index o, Index l) {
                if (m_useBias)
                    VecMap<T>(zc + o, l) = m_rep.col(m_kernel).head(l);
                else
                    VecMap<T>(zc + o, l).setZero();
            });
            forEachTap([&](Index j, Index o, Index l, Index from, Index to) {
                VecMap<T>(zc + to + o, l).array() +=
                    Eigen::Map<const Vec<T>>(x + from + o, l).array() *
                    m_rep.col(j).head(l).array();
            });
        }
    });
}

template <typename T>
void DepthwiseConv1D<T>::backwardShifts(const Mat<T>& in, const Mat<T>& gz, Mat<T>* gradIn) {
    // The kernel and bias gradients sum over samples and rows: each accumulator value keeps
    // its order of sums; on several threads each owns a part of every run (one pass), and the
    // input gradient, a sum over taps per sample, is a second pass split by samples.
    const Index c = m_channels;
    const ChannelRuns<T> rows = repeatTaps();
    const int threads = in.size() >= kMinParallelValues ? loopThreads() : 1;
    m_acc.setZero(rows.runValues(), m_kernel + 1);
    const auto accumulate = [&](Index b, Index part, Index partEnd, T* gx) {
        const T* x = in.col(b).data();
        const T* gc = gz.col(b).data();
        if (m_useBias)
            rows.forEach([&](Index o, Index l) {
                const Index e = std::min(l, partEnd);
                if (part < e)
                    m_acc.col(m_kernel).segment(part, e - part) +=
                        Eigen::Map<const Vec<T>>(gc + o + part, e - part);
            });
        forEachTap([&](Index j, Index o, Index l, Index from, Index to) {
            const Index e = std::min(l, partEnd);
            if (part >= e) return;
            const Eigen::Map<const Vec<T>> g(gc + to + o + part, e - part);
            m_acc.col(j).segment(part, e - part) +=
                g.cwiseProduct(Eigen::Map<const Vec<T>>(x + from + o + part, e - part));
            if (gx)
                VecMap<T>(gx + from + o + part, e - part) +=
                    g.cwiseProduct(m_rep.col(j).segment(part, e - part));
        });
    };
    if (threads == 1) {
        for (Index b = 0; b < in.cols(); ++b) {
            if (gradIn) gradIn->col(b).setZero();
            accumulate(b, 0, rows.runValues(), gradIn ? gradIn->col(b).data() : nullptr);
        }
    } else {
        parallelRanges(rows.runValues(), threads, 64, [&](Index part, Index partEnd) {
            for (Index b = 0; b < in.cols(); ++b) accumulate(b, part, partEnd, nullptr);
        });
        if (gradIn)
            parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
                for (Index b = first; b < end; ++b) {
                    const T* gc = gz.col(b).data();
                    gradIn->col(b).setZero();
                    T* gx = gradIn->col(b).data();
                    forEachTap([&](Index j, Index o, Index l, Index from, Index to) {
                        VecMap<T>(gx + from + o, l) += Eigen::Map<const Vec<T>>(gc + to + o, l)
                                                           .cwiseProduct(m_rep.col(j).head(l));
                    });
                }
            });
    }
    for (Index j = 0; j < m_kernel; ++j) rows.fold(m_acc.col(j), VecMap<T>(m_gk + j * c, c));
    if (m_useBias) rows.fold(m_acc.col(m_kernel), VecMap<T>(m_gb, c));
}

template <typename T>
Act DepthwiseConv1D<T>::takeOutputActivation() {
    const Act act = m_act;
    m_act = Act::Linear;
    return act;
}

template <typename T>
bool DepthwiseConv1D<T>::foldAffine(const std::vector<double>& scale,
                                    const std::vector<double>& shift) {
    const Index cm = m_channels * m_mult;
    if (m_act != Act::Linear || static_cast<Index>(scale.size()) != cm) return false;
    // K is (k, C, M) flat: weight e belongs to output channel e % (C * M).
    foldWeights(m_k, m_kernel * cm, scale, [cm](Index e) { return e % cm; });
    if (!m_useBias) {
        m_foldedBias.resize(cm);
        m_b = m_foldedBias.data();
    }
    foldBias(m_b, m_useBias, scale, shift);
    m_useBias = true;
    m_rep.resize(0, m_kernel + 1);  // the taps are repeated again from the folded weights
    return true;
}

template <typename T>
LayerDescriptor DepthwiseConv1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "depthwise_conv1d";
    d.displayName = "DepthwiseConv1D";
    d.category = "Convolution";
    d.doc = "1-D convolution of each channel on its own (depth_multiplier outputs per channel).";
    d.schema = Schema{
        pairParam("kernel_size", 3, 1, 4096, "Window length (7 or HeartKit's [1, 7])."),
        pairParam("strides", 1, 1, 4096, "Step between windows."),
        pairParam("dilation_rate", 1, 1, 4096,
                  "Spacing between the taps of a window (cannot be combined with strides > 1)."),
        enumParam("padding", "valid", {"valid", "same"},
                  "valid: windows inside the input only; same: zero-pad so that the output "
                  "length is ceil(length / strides)."),
        intParam("depth_multiplier", 1, 1, 4096, "Output channels per input channel."),
        enumParam("activation", "linear", activationNames(), "Activation applied to the outputs."),
        boolParam("use_bias", true, "Add a learned bias to each output channel."),
        enumParam("depthwise_initializer", "glorot_uniform", initializerNames(),
                  "How the kernel is initialised."),
        kernelRowsParam(),
    };
    d.keyParams = {"kernel_size", "strides", "depth_multiplier"};
    return withFactories<DepthwiseConv1D>(d);
}

template class DepthwiseConv1D<float>;
template class DepthwiseConv1D<double>;

}  // namespace byom
