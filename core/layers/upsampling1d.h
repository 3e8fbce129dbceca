#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Repeats each position `size` times: (L, C) -> (L*size, C) (Keras UpSampling1D).
template <typename T>
class UpSampling1D : public Layer<T> {
public:
    UpSampling1D(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;

    static LayerDescriptor describe();

private:
    Index m_size;
};

}  // namespace byom
