#include "core/layers/globalmaxpool1d.h"

#include "core/layers/convgeometry.h"

namespace byom {

template <typename T>
GlobalMaxPool1D<T>::GlobalMaxPool1D(const LayerSpec&, const Shape& in) : Layer<T>(in, in) {
    requireSequence(in, "global_max_pool1d");
    this->m_out = Shape{in[1]};
}

template <typename T>
void GlobalMaxPool1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    const Index len = this->m_in[0];
    const Index c = this->m_in[1];
    out.resize(c, in.cols());
    m_argmax.resize(static_cast<std::size_t>(out.size()));
    for (Index b = 0; b < in.cols(); ++b) {
        const T* x = in.col(b).data();
        T* y = out.col(b).data();
        Index* arg = m_argmax.data() + b * c;
        for (Index i = 0; i < c; ++i) {
            y[i] = x[i];
            arg[i] = i;
        }
        for (Index pos = 1; pos < len; ++pos)
            for (Index i = 0; i < c; ++i)
                if (x[pos * c + i] > y[i]) {
                    y[i] = x[pos * c + i];
                    arg[i] = pos * c + i;
                }
    }
}

template <typename T>
void GlobalMaxPool1D<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                                  Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    const Index c = this->m_in[1];
    gradIn.setZero(in.rows(), in.cols());
    for (Index b = 0; b < in.cols(); ++b) {
        const Index* arg = m_argmax.data() + b * c;
        for (Index i = 0; i < c; ++i) gradIn(arg[i], b) += gradOut(i, b);
    }
}

template <typename T>
LayerDescriptor GlobalMaxPool1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "global_max_pool1d";
    d.displayName = "GlobalMaxPool1D";
    d.category = "Pooling";
    d.doc =
        "Keeps the largest value of each channel over the whole length: (length, channels) "
        "-> (channels).";
    return withFactories<GlobalMaxPool1D>(d);
}

template class GlobalMaxPool1D<float>;
template class GlobalMaxPool1D<double>;

}  // namespace byom
