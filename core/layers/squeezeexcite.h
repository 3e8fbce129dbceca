#pragma once

#include <memory>

#include "core/layers/dense.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Squeeze-and-excitation on a (L, C) input: each channel is rescaled by a gate computed from
/// the whole sample.
///   s = mean over L of x (C); h = f(W1 s + b1) (max(1, floor(C / ratio)) units);
///   e = g(W2 h + b2); f, g: squeeze_activation (relu), excite_activation (sigmoid)
///   y[l, c] = x[l, c] e[c]
///   params: squeeze.kernel (C, R) | squeeze.bias (R) | excite.kernel (R, C) | excite.bias (C)
///   backward: ge[c] = sum_l g[l,c] x[l,c]; gs through the two dense layers;
///             gx[l, c] = g[l, c] e[c] + gs[c] / L
/// The hidden units of a squeeze-excite block: max(1, floor(channels / ratio)).
Index squeezeUnits(Index channels, double ratio);

template <typename T>
class SqueezeExcite : public Layer<T> {
public:
    SqueezeExcite(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return m_squeeze->paramCount() + m_excite->paramCount(); }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override {
        return m_squeeze->flops() + m_excite->flops() + 2LL * this->m_in.size();
    }
    Index activationSize() const override {
        return 2 * m_channels + m_squeeze->outputShape().size() + this->m_out.size();
    }

    static LayerDescriptor describe();

private:
    Index m_length;
    Index m_channels;
    std::unique_ptr<Dense<T>> m_squeeze;
    std::unique_ptr<Dense<T>> m_excite;
    Mat<T> m_pooled;  // (C x B)
    Mat<T> m_hidden;  // (R x B)
    Mat<T> m_gate;    // (C x B)
    Mat<T> m_gGate;
    Mat<T> m_gHidden;
    Mat<T> m_gPooled;
};

}  // namespace byom
