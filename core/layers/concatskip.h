#pragma once

#include <memory>

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"
#include "core/layers/sequential.h"

namespace byom {

/// Concatenating skip block (a U-Net skip connection): y = concat([inner(x), x]) along the
/// channels, the inner stack's channels first (as HeartKit's U-Net concatenates). The inner
/// stack must keep the sequence length; a (F) input is one position of F channels.
///   params: inner layers' | state: inner layers'
///   backward: gx = inner'(x)^T g[inner channels] + g[input channels]
template <typename T>
class ConcatSkip : public Layer<T> {
public:
    ConcatSkip(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return m_inner->paramCount(); }
    Index stateCount() const override { return m_inner->stateCount(); }
    std::vector<TensorInfo> tensors() const override { return m_inner->tensors(); }
    void bind(T* params, T* grads, T* state) override { m_inner->bind(params, grads, state); }
    void initParams(Rng& rng) override { m_inner->initParams(rng); }
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    void prepareInference() override { m_inner->prepareInference(); }
    long long flops() const override { return m_inner->flops(); }
    Index activationSize() const override { return m_inner->activationSize() + this->m_out.size(); }

    static LayerDescriptor describe();

private:
    std::unique_ptr<Sequential<T>> m_inner;
    Index m_len = 1;     // positions
    Index m_innerC = 0;  // channels of the inner stack's output
    Index m_skipC = 0;   // channels of the input
    Mat<T> m_innerOut;
    Mat<T> m_gInnerOut;  // dL/d(inner output), the first channels of dL/dy
    Mat<T> m_gInner;     // dL/dx through the inner stack
};

}  // namespace byom
