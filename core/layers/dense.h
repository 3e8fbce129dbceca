#pragma once

#include "core/layers/initializer.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Fully connected layer with an optional fused activation.
///   W: (units x in), the same memory as Keras's (in, units) kernel; b: (units)
///   forward:  z = W x + b, a = f(z)
///   backward: gz = ga * f'(z); gW = gz x^T; gb = rowsum(gz); gx = W^T gz
template <typename T>
class Dense : public Layer<T> {
public:
    Dense(const LayerSpec& spec, const Shape& in);

    Index paramCount() const override { return m_units * m_inputs + (m_useBias ? m_units : 0); }
    std::vector<TensorInfo> tensors() const override;
    void bind(T* params, T* grads, T* state) override;
    void initParams(Rng& rng) override;
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override;
    long long flops() const override { return 2LL * m_units * m_inputs; }
    bool foldAffine(const std::vector<double>& scale, const std::vector<double>& shift) override;
    /// Inference only: the pre-activation is no longer kept (the activation runs in place).
    void prepareInference() override { m_inferenceOnly = true; }

    static LayerDescriptor describe();

private:
    Index m_units;
    Index m_inputs;
    bool m_useBias;
    Act m_act;
    Init m_init;
    MatMap<T> m_w{nullptr, 0, 0};
    VecMap<T> m_b{nullptr, 0};
    MatMap<T> m_gw{nullptr, 0, 0};
    VecMap<T> m_gb{nullptr, 0};
    Vec<T> m_foldedBias;  // the bias of an inference copy without one, after foldAffine
    Mat<T> m_z;           // pre-activation, kept for backward
    Mat<T> m_gz;          // dL/dz
    bool m_inferenceOnly = false;
};

}  // namespace byom
