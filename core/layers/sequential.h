#pragma once

#include <memory>
#include <vector>

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// A chain of inner layers used as one layer: the body of block kinds such as a registered
/// architecture used inside another stack. Parameter and state slices are handed to the inner
/// layers in order; tensors are named "layers[i].<name>".
template <typename T>
class Sequential : public Layer<T> {
public:
    /// Builds `specs` from `in`; an empty list is the identity.
    Sequential(const std::vector<LayerSpec>& specs, const Shape& in);
    /// The block layer of kind "architecture": its inner layers are the referenced
    /// architecture's, filled in by ModelFactory::resolve before building.
    Sequential(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return m_params; }
    Index stateCount() const override { return m_state; }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override;
    Index activationSize() const override;
    void prepareInference() override;

    std::size_t size() const { return m_layers.size(); }
    const Layer<T>& layer(std::size_t i) const { return *m_layers[i]; }

    /// The descriptor of the "architecture" block kind.
    static LayerDescriptor describeArchitectureBlock();

private:
    static Shape build(const std::vector<LayerSpec>& specs, const Shape& in,
                       std::vector<std::unique_ptr<Layer<T>>>& layers);

    std::vector<std::unique_ptr<Layer<T>>> m_layers;
    std::vector<Index> m_paramOffsets;
    std::vector<Index> m_stateOffsets;
    Index m_params = 0;
    Index m_state = 0;
    std::vector<Mat<T>> m_acts;   // outputs of inner layers but the last
    std::vector<Mat<T>> m_grads;  // dL/d(those outputs)
};

}  // namespace byom
