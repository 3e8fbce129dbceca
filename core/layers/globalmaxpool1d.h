#pragma once

#include <vector>

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Largest value of each channel over all positions: (L, C) -> (C); backward routes each
/// gradient to the first position holding the maximum.
template <typename T>
class GlobalMaxPool1D : public Layer<T> {
public:
    GlobalMaxPool1D(const LayerSpec& spec, const Shape& in);

    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    long long flops() const override { return this->m_in.size(); }

    static LayerDescriptor describe();

private:
    std::vector<Index> m_argmax;  // per output value of the last forward: input row
};

}  // namespace byom
