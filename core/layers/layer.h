#pragma once

#include <vector>

#include "core/layers/activation.h"
#include "core/util/rng.h"
#include "core/util/tensor.h"

namespace byom {

/// One layer of a model. Layers hold no parameter storage of their own: the Model owns one flat
/// parameter vector, one flat gradient vector and one flat state vector (BatchNorm statistics),
/// and binds each layer to its slice, so an optimizer steps one vector and saving is one copy.
///
/// Contract (per batch of B samples, one sample per column):
///   forward:  in (inputShape.size() x B) -> out (outputShape.size() x B)
///   backward: given in, out and dL/dout (same shape as out), writes the layer's parameter
///             gradients (overwriting, not accumulating) and, when needed, dL/din.
template <typename T>
class Layer {
public:
    Layer(Shape in, Shape out) : m_in(std::move(in)), m_out(std::move(out)) {}
    virtual ~Layer() = default;
    Layer(const Layer&) = delete;
    Layer& operator=(const Layer&) = delete;

    const Shape& inputShape() const { return m_in; }
    const Shape& outputShape() const { return m_out; }

    virtual Index paramCount() const { return 0; }
    virtual Index stateCount() const { return 0; }
    /// Named tensors of this layer; offsets are relative to the layer's own slices (params for
    /// trainable tensors, state for the others), shapes in Keras order.
    virtual std::vector<TensorInfo> tensors() const { return {}; }
    virtual void bind(T* /*params*/, T* /*grads*/, T* /*state*/) {}
    virtual void initParams(Rng& /*rng*/) {}

    virtual void forward(const Mat<T>& in, Mat<T>& out, bool training) = 0;
    virtual void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                          Mat<T>& gradIn) = 0;

    /// If the layer ends in an activation, hands it to the caller and computes linear outputs
    /// from now on. The Model does this for its last layer so that softmax + cross-entropy
    /// (and sigmoid + binary cross-entropy) can be fused into one stable gradient.
    virtual Act takeOutputActivation() { return Act::Linear; }
    /// Multiply-adds x2 per sample for one forward pass (for the summary).
    virtual long long flops() const { return 0; }
    /// Values per sample a forward pass keeps for backward: the output, plus the inner
    /// outputs of a block (for the summary's training memory estimate).
    virtual Index activationSize() const { return m_out.size(); }

    // Inference plans (core/train/inferenceplan.h) rewrite a private copy of a model, never the
    // stored one, through these hooks: a BatchNorm's inference-mode y = x * scale + shift per
    // channel folds into the linear layer before it, and an identity at inference (Dropout)
    // drops out. The rewritten copy can only run forward in inference mode.

    /// BatchNorm: the per-channel scale and shift it applies in inference mode.
    virtual bool inferenceAffine(std::vector<double>& /*scale*/,
                                 std::vector<double>& /*shift*/) const {
        return false;
    }
    /// Makes the layer's inference output y * scale[c] + shift[c] per output channel, when it
    /// ends linear (its weights and bias scaled); false when it cannot.
    virtual bool foldAffine(const std::vector<double>& /*scale*/,
                            const std::vector<double>& /*shift*/) {
        return false;
    }
    /// Whether the inference-mode output equals the input (Dropout).
    virtual bool inferenceIdentity() const { return false; }
    /// Blocks rewrite their inner layers the same way.
    virtual void prepareInference() {}

    /// The first layer never needs dL/din; skipping it saves a whole product.
    void setNeedsInputGrad(bool needs) { m_needInputGrad = needs; }
    bool needsInputGrad() const { return m_needInputGrad; }

protected:
    Shape m_in;
    Shape m_out;
    bool m_needInputGrad = true;
};

}  // namespace byom
