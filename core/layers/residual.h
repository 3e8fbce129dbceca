#pragma once

#include <memory>

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"
#include "core/layers/sequential.h"

namespace byom {

/// Residual block: y = f(inner(x) + skip(x)). The skip is the identity when the inner stack
/// keeps the shape, otherwise a projection: a 1x1 conv1d (strided to the inner output length,
/// or by projection_stride) for (L, C) inputs, a dense for (F) inputs, optionally without a
/// bias and followed by a batch norm (HeartKit's ResNet shortcut: Conv2D 1x1 + BN). f is the
/// block's activation (linear by default).
///   params: inner layers' in order | projection (kernel, bias) | projection_bn (gamma, beta)
///   state: inner layers' | projection_bn (moving_mean, moving_variance)
///   backward: gz = f'(z) g; gx = inner'(x)^T gz + skip'(x)^T gz
template <typename T>
class Residual : public Layer<T> {
public:
    Residual(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override;
    Index stateCount() const override {
        return m_inner->stateCount() + (m_projectionNorm ? m_projectionNorm->stateCount() : 0);
    }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override;
    void prepareInference() override;
    long long flops() const override;
    Index activationSize() const override {
        return m_inner->activationSize() + (m_projection ? m_projection->activationSize() : 0) +
               (m_projectionNorm ? m_projectionNorm->activationSize() : 0) +
               2 * this->m_out.size();  // the sum z and the output
    }

    bool hasProjection() const { return m_projection != nullptr; }
    /// Whether a block with `params` whose inner stack turns `in` into `out` has a projection
    /// on its skip: projection "always", or "auto" and the shapes differ.
    static bool projects(const json& params, const Shape& in, const Shape& out);
    /// The stride of the 1x1 projection (padding same: ceil(in / stride) positions) that
    /// turns a sequence of `in` positions into `out`: the smallest that does, 0 when none.
    static Index projectionStride(Index in, Index out);
    /// The stride a block with `params` gives its projection: projection_stride when set (> 0),
    /// else projectionStride(in, out).
    static Index projectionStride(const json& params, Index in, Index out);
    static LayerDescriptor describe();

private:
    std::unique_ptr<Sequential<T>> m_inner;
    std::unique_ptr<Layer<T>> m_projection;      // null: identity skip
    std::unique_ptr<Layer<T>> m_projectionNorm;  // null: none after the projection
    Act m_act;
    Mat<T> m_innerOut;
    Mat<T> m_skipOut;
    Mat<T> m_skipNormOut;
    Mat<T> m_gSkipNorm;  // dL/d(projection output) through the norm
    Mat<T> m_z;          // inner + skip, kept for the activation's backward
    Mat<T> m_gz;
    Mat<T> m_gInner;  // dL/din through the inner stack
    Mat<T> m_gSkip;   // dL/din through the projection
};

}  // namespace byom
