#include "core/layers/upsampling1d.h"

#include "core/layers/convgeometry.h"

namespace byom {

template <typename T>
UpSampling1D<T>::UpSampling1D(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_size(spec.params.at("size").get<Index>()) {
    requireSequence(in, "upsampling1d");
    if (in[0] > kMaxSampleValues / m_size)
        throw Error("size " + std::to_string(m_size) + " on length " + std::to_string(in[0]) +
                    " would exceed " +
                    std::to_string(kMaxSampleValues) + " values per sample; make the layer smaller");
    requireSampleSize(in[0] * m_size, in[1]);
    this->m_out = Shape{in[0] * m_size, in[1]};
}

template <typename T>
void UpSampling1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index c = this->m_in[1];
    out.resize(this->m_out.size(), in.cols());
    for (Index pos = 0; pos < this->m_in[0]; ++pos)
        for (Index r = 0; r < m_size; ++r)
            out.middleRows((pos * m_size + r) * c, c) = in.middleRows(pos * c, c);
}

template <typename T>
void UpSampling1D<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                               Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    const Index c = this->m_in[1];
    gradIn.setZero(in.rows(), in.cols());
    for (Index pos = 0; pos < this->m_in[0]; ++pos)
        for (Index r = 0; r < m_size; ++r)
            gradIn.middleRows(pos * c, c) += gradOut.middleRows((pos * m_size + r) * c, c);
}

template <typename T>
LayerDescriptor UpSampling1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "upsampling1d";
    d.displayName = "UpSampling1D";
    d.category = "Reshape";
    d.doc = "Repeats each position size times along the length.";
    d.schema = Schema{intParam("size", 2, 1, 4096, "How many times each position is repeated.")};
    d.keyParams = {"size"};
    return withFactories<UpSampling1D>(d);
}

template class UpSampling1D<float>;
template class UpSampling1D<double>;

}  // namespace byom
