#pragma once

#include <memory>

#include "core/layers/conv1d.h"
#include "core/layers/depthwiseconv1d.h"

namespace byom {

/// Depthwise convolution (no bias, linear) followed by a 1x1 convolution to `filters` channels
/// with the bias and the fused activation, as Keras's SeparableConv1D.
///   params: depthwise_kernel (k, C, M) | pointwise_kernel (1, C*M, F) | bias (F)
template <typename T>
class SeparableConv1D : public Layer<T> {
public:
    SeparableConv1D(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override {
        return m_depthwise->paramCount() + m_pointwise->paramCount();
    }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override { return m_pointwise->takeOutputActivation(); }
    long long flops() const override { return m_depthwise->flops() + m_pointwise->flops(); }

    static LayerDescriptor describe();

private:
    std::unique_ptr<DepthwiseConv1D<T>> m_depthwise;
    std::unique_ptr<Conv1D<T>> m_pointwise;
    Mat<T> m_mid;   // depthwise output
    Mat<T> m_gmid;  // dL/d(depthwise output)
};

}  // namespace byom
