#pragma once

#include <memory>
#include <vector>

#include "core/layers/layer.h"
#include "core/layers/layerspec.h"

namespace byom {

/// Largest model the engine builds (parameters + state), checked before any allocation.
inline constexpr Index kMaxModelParams = 200'000'000;

/// A sequential stack of layers built from specs for one input shape.
///
/// Owns the flat parameter, gradient and state vectors and the per-layer activation buffers
/// (reused from batch to batch: no allocation in the training loop once the batch size is
/// stable). The last layer's activation is held apart (outputActivation) so a loss can fuse it.
template <typename T>
class Model {
public:
    /// Builds and shape-checks; throws ValidationError naming the layer (index, kind) and why.
    Model(std::vector<LayerSpec> specs, Shape input);
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    /// A new model with the same specs, parameters and state (e.g. a training snapshot).
    std::unique_ptr<Model> clone() const;

    const std::vector<LayerSpec>& specs() const { return m_specs; }
    const Shape& inputShape() const { return m_input; }
    const Shape& outputShape() const { return m_layers.back()->outputShape(); }
    std::size_t layerCount() const { return m_layers.size(); }
    const Layer<T>& layer(std::size_t i) const { return *m_layers[i]; }
    Act outputActivation() const { return m_outAct; }

    Index paramCount() const { return m_params.size(); }
    Index stateCount() const { return m_state.size(); }
    Vec<T>& params() { return m_params; }
    const Vec<T>& params() const { return m_params; }
    Vec<T>& grads() { return m_grads; }
    Vec<T>& state() { return m_state; }
    const Vec<T>& state() const { return m_state; }
    /// Offset of layer i's parameters in params() (and of its state in state()).
    Index paramOffset(std::size_t i) const { return m_paramOffsets[i]; }
    Index stateOffset(std::size_t i) const { return m_stateOffsets[i]; }

    /// Seeded initialisation of every layer.
    void init(std::uint64_t seed);

    /// x: (inputShape.size() x B). Returns the output after the output activation. `x` must
    /// stay alive until backward().
    const Mat<T>& forward(const Mat<T>& x, bool training);
    /// The last layer's output before the output activation.
    const Mat<T>& logits() const { return m_acts.back(); }
    /// Backpropagates dL/dlogits through every layer, filling grads().
    void backward(const Mat<T>& gradLogits);
    /// Backpropagates dL/doutput (through the output activation first).
    void backwardFromOutput(const Mat<T>& gradOutput);
    /// Whether backward() also computes dL/dx (off by default: training never needs it;
    /// gradient checks and saliency do).
    void setComputeInputGrad(bool on) { m_layers.front()->setNeedsInputGrad(on); }
    /// dL/dx of the last backward() with setComputeInputGrad(true).
    const Mat<T>& inputGrad() const { return m_inputGrad; }

    /// Rewrites this model for inference only (see prepareChainForInference): BatchNorm folded
    /// into the layer before it, Dropout dropped, in this model's own parameters. Only for a
    /// private copy (InferencePlan makes one): the stored model is never rewritten. Afterwards
    /// layerCount() and layer(i) describe the rewritten chain, and forward() runs in inference
    /// mode only; training, backward() and clone() throw.
    void prepareInference();
    bool inferenceOnly() const { return m_inferenceOnly; }

private:
    std::vector<LayerSpec> m_specs;
    Shape m_input;
    std::vector<std::unique_ptr<Layer<T>>> m_layers;
    std::vector<Index> m_paramOffsets;
    std::vector<Index> m_stateOffsets;
    Act m_outAct = Act::Linear;
    Vec<T> m_params;
    Vec<T> m_grads;
    Vec<T> m_state;
    bool m_inferenceOnly = false;
    const Mat<T>* m_x = nullptr;
    std::vector<Mat<T>> m_acts;   // m_acts[i]: output of layer i
    std::vector<Mat<T>> m_gacts;  // dL/d(output of layer i)
    Mat<T> m_output;              // after the output activation
    Mat<T> m_gradLogits;
    Mat<T> m_inputGrad;
};

/// Builds each layer of `specs` in turn from `input`, returning each layer's output shape, or
/// throwing ValidationError at the first layer that does not fit (shape inference only).
std::vector<Shape> inferShapes(const std::vector<LayerSpec>& specs, const Shape& input);

}  // namespace byom
