#include "core/layers/avgpool1d.h"

#include <algorithm>

#include "core/schema/schema.h"

namespace byom {

template <typename T>
AvgPool1D<T>::AvgPool1D(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_channels(in.rank() == 2 ? in[1] : 0) {
    requireSequence(in, "avg_pool1d");
    const Index pool = pairValue(spec.params.at("pool_size"));
    const json& strides = spec.params.at("strides");
    m_geo = ConvGeometry::make(in[0], pool, strides.is_null() ? pool : pairValue(strides), 1,
                               spec.params.at("padding").get<std::string>(), "pool_size");
    this->m_out = Shape{m_geo.outLength, m_channels};
}

template <typename T>
void AvgPool1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index c = m_channels;
    out.setZero(m_geo.outLength * c, in.cols());
    for (Index o = 0; o < m_geo.outLength; ++o) {
        const Index first = std::max<Index>(m_geo.inputPos(o, 0), 0);
        const Index last = std::min<Index>(m_geo.inputPos(o, m_geo.kernel - 1), m_geo.length - 1);
        const T scale = T(1) / static_cast<T>(last - first + 1);
        for (Index pos = first; pos <= last; ++pos)
            out.middleRows(o * c, c) += in.middleRows(pos * c, c);
        out.middleRows(o * c, c) *= scale;
    }
}

template <typename T>
void AvgPool1D<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    const Index c = m_channels;
    gradIn.setZero(in.rows(), in.cols());
    for (Index o = 0; o < m_geo.outLength; ++o) {
        const Index first = std::max<Index>(m_geo.inputPos(o, 0), 0);
        const Index last = std::min<Index>(m_geo.inputPos(o, m_geo.kernel - 1), m_geo.length - 1);
        const T scale = T(1) / static_cast<T>(last - first + 1);
        for (Index pos = first; pos <= last; ++pos)
            gradIn.middleRows(pos * c, c) += scale * gradOut.middleRows(o * c, c);
    }
}

template <typename T>
LayerDescriptor AvgPool1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "avg_pool1d";
    d.displayName = "AvgPool1D";
    d.category = "Pooling";
    d.doc = "Averages each channel over windows of pool_size positions.";
    d.schema = Schema{
        pairParam("pool_size", 2, 1, 4096, "Window length."),
        orNull(pairParam("strides", 2, 1, 4096, "Step between windows; null: pool_size.")),
        enumParam("padding", "valid", {"valid", "same"},
                  "valid: windows inside the input only; same: output length "
                  "ceil(length / strides), windows averaging only their valid positions."),
    };
    d.keyParams = {"pool_size", "strides"};
    return withFactories<AvgPool1D>(d);
}

template class AvgPool1D<float>;
template class AvgPool1D<double>;

}  // namespace byom
