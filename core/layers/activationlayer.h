#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// A stand-alone activation; softmax normalises over the last axis (channels), as Keras does.
template <typename T>
class ActivationLayer : public Layer<T> {
public:
    ActivationLayer(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    Act takeOutputActivation() override;
    long long flops() const override { return 4LL * this->m_in.size(); }

    static LayerDescriptor describe();

private:
    Act m_act;
    ActParams m_params;
    Index m_group;
};

}  // namespace byom
