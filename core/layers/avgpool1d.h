#pragma once

#include "core/layers/convgeometry.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Mean over windows of pool_size positions, per channel (Keras AveragePooling1D). With
/// padding same, a window overlapping the padding averages only its valid positions, as Keras
/// does. (L, C) -> (Lout, C).
template <typename T>
class AvgPool1D : public Layer<T> {
public:
    AvgPool1D(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return m_geo.outLength * m_channels * m_geo.kernel; }

    static LayerDescriptor describe();

private:
    Index m_channels;
    ConvGeometry m_geo;
};

}  // namespace byom
