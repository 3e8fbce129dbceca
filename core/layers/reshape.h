#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Gives a sample a new shape with the same values in the same order (Keras Reshape);
/// one dimension of target_shape may be -1 (inferred). Columns are copied unchanged.
template <typename T>
class Reshape : public Layer<T> {
public:
    Reshape(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;

    static LayerDescriptor describe();
};

}  // namespace byom
