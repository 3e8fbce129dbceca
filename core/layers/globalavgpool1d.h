#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Mean of each channel over all positions: (L, C) -> (C).
template <typename T>
class GlobalAvgPool1D : public Layer<T> {
public:
    GlobalAvgPool1D(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return this->m_in.size(); }

    static LayerDescriptor describe();
};

}  // namespace byom
