#include "core/layers/maxpool1d.h"

#include <limits>

#include "core/schema/schema.h"
#include "core/util/parallelranges.h"

namespace byom {

template <typename T>
MaxPool1D<T>::MaxPool1D(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_channels(in.rank() == 2 ? in[1] : 0) {
    requireSequence(in, "max_pool1d");
    const Index pool = pairValue(spec.params.at("pool_size"));
    const json& strides = spec.params.at("strides");
    m_geo = ConvGeometry::make(in[0], pool, strides.is_null() ? pool : pairValue(strides), 1,
                               spec.params.at("padding").get<std::string>(), "pool_size");
    this->m_out = Shape{m_geo.outLength, m_channels};
}

template <typename T>
void MaxPool1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index c = m_channels;
    const Index lout = m_geo.outLength;
    out.resize(lout * c, in.cols());
    if (m_inferenceOnly) {
        // The same maxima: each output starts from its first tap inside the input and takes a
        // later value only when it is greater.
        for (Index b = 0; b < in.cols(); ++b) {
            const T* x = in.col(b).data();
            T* y = out.col(b).data();
            for (Index o = 0; o < lout; ++o, y += c) {
                bool first = true;
                std::fill(y, y + c, -std::numeric_limits<T>::infinity());
                for (Index j = 0; j < m_geo.kernel; ++j) {
                    const Index pos = m_geo.inputPos(o, j);
                    if (pos < 0 || pos >= m_geo.length) continue;
                    const T* xp = x + pos * c;
                    if (first)
                        std::copy(xp, xp + c, y);
                    else
                        for (Index i = 0; i < c; ++i) y[i] = xp[i] > y[i] ? xp[i] : y[i];
                    first = false;
                }
            }
        }
        return;
    }
    m_argmax.resize(static_cast<std::size_t>(out.size()));
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            const T* x = in.col(b).data();
            T* y = out.col(b).data();
            Index* arg = m_argmax.data() + b * lout * c;
            for (Index o = 0; o < lout; ++o) {
                for (Index i = 0; i < c; ++i) {
                    y[o * c + i] = -std::numeric_limits<T>::infinity();
                    arg[o * c + i] = -1;
                }
                for (Index j = 0; j < m_geo.kernel; ++j) {
                    const Index pos = m_geo.inputPos(o, j);
                    if (pos < 0 || pos >= m_geo.length) continue;
                    for (Index i = 0; i < c; ++i) {
                        if (x[pos * c + i] > y[o * c + i] || arg[o * c + i] < 0) {
                            y[o * c + i] = x[pos * c + i];
                            arg[o * c + i] = pos * c + i;
                        }
                    }
                }
            }
        }
    });
}

template <typename T>
void MaxPool1D<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                            Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    gradIn.resize(in.rows(), in.cols());
    const Index per = gradOut.rows();
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            const Index* arg = m_argmax.data() + b * per;
            const T* g = gradOut.col(b).data();
            gradIn.col(b).setZero();
            T* gx = gradIn.col(b).data();
            for (Index i = 0; i < per; ++i) gx[arg[i]] += g[i];
        }
    });
}

template <typename T>
LayerDescriptor MaxPool1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "max_pool1d";
    d.displayName = "MaxPool1D";
    d.category = "Pooling";
    d.doc = "Keeps the largest value of each channel in windows of pool_size positions.";
    d.schema = Schema{
        pairParam("pool_size", 2, 1, 4096, "Window length."),
        orNull(pairParam("strides", 2, 1, 4096, "Step between windows; null: pool_size.")),
        enumParam("padding", "valid", {"valid", "same"},
                  "valid: windows inside the input only; same: output length "
                  "ceil(length / strides)."),
    };
    d.keyParams = {"pool_size", "strides"};
    return withFactories<MaxPool1D>(d);
}

template class MaxPool1D<float>;
template class MaxPool1D<double>;

}  // namespace byom
