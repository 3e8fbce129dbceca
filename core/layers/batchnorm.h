#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Batch normalisation over the last axis (channels of (L, C), features of (F)), with Keras's
/// constants (momentum 0.99, epsilon 1e-3) and biased batch variance.
///   params: gamma (C) | beta (C); state: moving_mean (C) | moving_variance (C)
///   X is viewed as (C x L*B): one row per channel, N = L*B values per row
///   training:  mu, var over each row; xh = (x - mu) / sqrt(var + eps); y = gamma xh + beta
///              moving = momentum * moving + (1 - momentum) * batch statistic
///              gx = gamma / sqrt(var + eps) * (g - mean(g) - xh mean(g xh))
///   inference: the moving statistics replace mu and var; gx = gamma / sqrt(mv + eps) * g
///   both:      ggamma = sum(g xh), gbeta = sum(g)
template <typename T>
class BatchNorm : public Layer<T> {
public:
    BatchNorm(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return 2 * m_channels; }
    Index stateCount() const override { return 2 * m_channels; }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return 4LL * this->m_in.size(); }
    /// scale = gamma / sqrt(moving_variance + eps), shift = beta - moving_mean * scale.
    bool inferenceAffine(std::vector<double>& scale, std::vector<double>& shift) const override;

    static LayerDescriptor describe();

private:
    /// x^ = (x - m_center) / sqrt(var + eps) on values [b, e) of the run at offset o, from
    /// m_rep0 (the centre) and m_rep1 (1 / sqrt(var + eps)) repeated over a run.
    auto normalised(const T* x, Index o, Index b, Index e) const;

    Index m_channels;
    double m_momentum;
    double m_epsilon;
    T* m_params = nullptr;
    T* m_grads = nullptr;
    T* m_state = nullptr;
    bool m_trainedForward = false;  // whether the last forward used batch statistics
    Vec<T> m_center;       // the mean the last forward subtracted (the batch's or the moving one)
    Vec<T> m_invStd;       // 1 / sqrt(var + eps) of the last forward
    Vec<T> m_var;          // per-channel scratch, reused from batch to batch
    Vec<T> m_acc, m_acc2;  // per-run sums (ChannelRuns)
    Vec<T> m_rep0, m_rep1, m_rep2, m_rep3, m_rep4;  // per-channel vectors repeated over a run
};

}  // namespace byom
