#include "core/layers/flatten.h"

namespace byom {

template <typename T>
Flatten<T>::Flatten(const LayerSpec&, const Shape& in) : Layer<T>(in, Shape{in.size()}) {}

template <typename T>
void Flatten<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    out = in;
}

template <typename T>
void Flatten<T>::backward(const Mat<T>&, const Mat<T>&, const Mat<T>& gradOut, Mat<T>& gradIn) {
    if (this->m_needInputGrad) gradIn = gradOut;
}

template <typename T>
LayerDescriptor Flatten<T>::describe() {
    LayerDescriptor d;
    d.kind = "flatten";
    d.displayName = "Flatten";
    d.category = "Reshape";
    d.doc = "Flattens (length, channels) into one feature vector, e.g. before a dense layer.";
    return withFactories<Flatten>(d);
}

template class Flatten<float>;
template class Flatten<double>;

}  // namespace byom
