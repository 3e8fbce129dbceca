#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// (length, channels) -> (length * channels). A sample's column is already flat, so this copies.
template <typename T>
class Flatten : public Layer<T> {
public:
    Flatten(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;

    static LayerDescriptor describe();
};

}  // namespace byom
