#include "core/layers/globalavgpool1d.h"

#include "core/layers/convgeometry.h"

namespace byom {

template <typename T>
GlobalAvgPool1D<T>::GlobalAvgPool1D(const LayerSpec&, const Shape& in) : Layer<T>(in, in) {
    requireSequence(in, "global_avg_pool1d");
    this->m_out = Shape{in[1]};
}

template <typename T>
void GlobalAvgPool1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index len = this->m_in[0];
    const Index c = this->m_in[1];
    out.setZero(c, in.cols());
    for (Index pos = 0; pos < len; ++pos) out += in.middleRows(pos * c, c);
    out *= T(1) / static_cast<T>(len);
}

template <typename T>
void GlobalAvgPool1D<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                                  Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    const Index len = this->m_in[0];
    const Index c = this->m_in[1];
    gradIn.resize(in.rows(), in.cols());
    const T scale = T(1) / static_cast<T>(len);
    for (Index pos = 0; pos < len; ++pos) gradIn.middleRows(pos * c, c) = scale * gradOut;
}

template <typename T>
LayerDescriptor GlobalAvgPool1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "global_avg_pool1d";
    d.displayName = "GlobalAvgPool1D";
    d.category = "Pooling";
    d.doc = "Averages each channel over the whole length: (length, channels) -> (channels).";
    return withFactories<GlobalAvgPool1D>(d);
}

template class GlobalAvgPool1D<float>;
template class GlobalAvgPool1D<double>;

}  // namespace byom
