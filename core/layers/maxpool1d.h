#pragma once

#include <vector>

#include "core/layers/convgeometry.h"
#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Maximum over windows of pool_size positions, per channel (Keras MaxPooling1D; padding
/// positions never win). (L, C) -> (Lout, C); the winning input index of every output is kept
/// for backward, which routes each gradient to its winner.
template <typename T>
class MaxPool1D : public Layer<T> {
public:
    MaxPool1D(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    /// An inference copy keeps no argmax for backward: the maxima alone, vectorised.
    void prepareInference() override { m_inferenceOnly = true; }
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return m_geo.outLength * m_channels * m_geo.kernel; }

    static LayerDescriptor describe();

private:
    Index m_channels;
    ConvGeometry m_geo;
    bool m_inferenceOnly = false;
    std::vector<Index> m_argmax;  // per output value of the last forward: input row
};

}  // namespace byom
