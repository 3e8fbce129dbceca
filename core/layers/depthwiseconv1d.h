#pragma once

#include "core/layers/channelruns.h"
#include "core/layers/convgeometry.h"
#include "core/layers/initializer.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// 1-D depthwise convolution: each input channel c is convolved with its own depth_multiplier
/// kernels; output channel c*M + m (Keras's order), optional bias and fused activation.
///   K: Keras shape (k, C, M), flat index (j*C + c)*M + m; b: (C*M)
///   forward:  z[o, c*M+m] = sum_j x[o*s - pad + j*d, c] K[j, c, m] + b[c*M+m]
///   backward: gK[j,c,m] = sum_{o,b} gz[o, c*M+m] x[pos, c]; gx[pos, c] += sum_m gz K[j,c,m]
///   kernel_rows R > 1 (HeartKit's k x k windows): R - 1 more kernel rows after the bias that
///   never meet the one-row signal (see Conv1D); their gradient is always 0.
template <typename T>
class DepthwiseConv1D : public Layer<T> {
public:
    DepthwiseConv1D(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override {
        return m_rows * m_kernel * m_channels * m_mult + (m_useBias ? m_channels * m_mult : 0);
    }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override;
    long long flops() const override {
        return 2LL * m_geo.outLength * m_kernel * m_channels * m_mult;
    }

    bool foldAffine(const std::vector<double>& scale, const std::vector<double>& shift) override;
    /// An inference copy's weights never change: the repeated taps are built once.
    void prepareInference() override { m_frozen = true; }

    static LayerDescriptor describe();

private:
    /// depth_multiplier 1 and stride 1: every tap is a shift of the input (ChannelRuns).
    bool shiftsOnly() const { return m_mult == 1 && m_geo.stride == 1; }
    void forwardShifts(const Mat<T>& in, Mat<T>& z);
    void backwardShifts(const Mat<T>& in, const Mat<T>& gz, Mat<T>* gradIn);
    /// Fills m_rep with each tap's kernel row (and the bias) repeated over a run of output
    /// rows; returns the runs.
    ChannelRuns<T> repeatTaps();
    /// Calls f(tap, offset, length, input offset, output offset) for each tap's runs of the
    /// output rows it reads inside the input (in values: output row r reads input row r +
    /// shift).
    template <typename F>
    void forEachTap(F&& f) const;

    Index m_kernel;
    Index m_channels;
    Index m_mult;
    Index m_rows;  // kernel_rows
    ConvGeometry m_geo;
    bool m_useBias;
    Act m_act;
    Init m_init;
    T* m_k = nullptr;
    T* m_gk = nullptr;
    T* m_b = nullptr;
    T* m_gb = nullptr;
    T* m_inactive = nullptr;
    T* m_gInactive = nullptr;
    bool m_frozen = false;  // an inference copy (prepareInference): m_rep stays valid
    Vec<T> m_foldedBias;    // the bias of an inference copy without one, after foldAffine
    Mat<T> m_z;
    Mat<T> m_gz;
    Mat<T> m_rep;  // (run values x taps + 1): each tap's kernel row, then the bias, repeated
    Mat<T> m_acc;  // (run values x taps + 1): per-run sums of the kernel and bias gradients
};

}  // namespace byom
