#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Layer normalisation over the last axis (Keras LayerNormalization, epsilon 1e-3): each
/// position's C values are normalised on their own, then scaled (gamma) and shifted (beta).
///   params: gamma (C) | beta (C); X viewed as (C x L*B), one column per position
///   forward:  xh = (x - mean_col) / sqrt(var_col + eps); y = gamma xh + beta
///   backward: gxh = g gamma; gx = invstd_col (gxh - mean_col(gxh) - xh mean_col(gxh xh))
template <typename T>
class LayerNorm : public Layer<T> {
public:
    LayerNorm(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return 2 * m_channels; }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return 8LL * this->m_in.size(); }

    static LayerDescriptor describe();

private:
    Index m_channels;
    double m_epsilon;
    T* m_params = nullptr;
    T* m_grads = nullptr;
    Eigen::Matrix<T, 1, Eigen::Dynamic> m_invStd;  // per column of the last forward
    Eigen::Matrix<T, 1, Eigen::Dynamic> m_rowTmp;  // scratch
    Mat<T> m_xhat;
    Mat<T> m_gxhat;
};

}  // namespace byom
