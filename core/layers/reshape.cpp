#include "core/layers/reshape.h"

namespace byom {

template <typename T>
Reshape<T>::Reshape(const LayerSpec& spec, const Shape& in) : Layer<T>(in, in) {
    std::vector<Index> dims = spec.params.at("target_shape").get<std::vector<Index>>();
    if (dims.empty() || dims.size() > 2)
        throw Error("target_shape must have 1 or 2 dimensions, got " + std::to_string(dims.size()));
    Index known = 1;
    int inferred = -1;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == -1) {
            if (inferred >= 0) throw Error("target_shape may contain -1 only once");
            inferred = static_cast<int>(i);
        } else if (dims[i] < 1) {
            throw Error("target_shape dimensions must be positive (or one -1), got " +
                        std::to_string(dims[i]));
        } else {
            known *= dims[i];
        }
    }
    const Shape target(dims);
    if (inferred >= 0) {
        if (in.size() % known != 0)
            throw Error("cannot reshape " + in.toString() + " (" + std::to_string(in.size()) +
                        " values) into target_shape " + target.toString() + ": " +
                        std::to_string(in.size()) + " is not a multiple of " +
                        std::to_string(known));
        dims[static_cast<std::size_t>(inferred)] = in.size() / known;
    } else if (known != in.size()) {
        throw Error("cannot reshape " + in.toString() + " (" + std::to_string(in.size()) +
                    " values) into target_shape " + target.toString() + " (" +
                    std::to_string(known) + " values)");
    }
    this->m_out = Shape(dims);
}

template <typename T>
void Reshape<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    out = in;
}

template <typename T>
void Reshape<T>::backward(const Mat<T>&, const Mat<T>&, const Mat<T>& gradOut, Mat<T>& gradIn) {
    if (this->m_needInputGrad) gradIn = gradOut;
}

template <typename T>
LayerDescriptor Reshape<T>::describe() {
    LayerDescriptor d;
    d.kind = "reshape";
    d.displayName = "Reshape";
    d.category = "Reshape";
    d.doc =
        "Gives each sample a new shape with the same number of values, e.g. (800,) -> "
        "(800, 1).";
    d.schema = Schema{listParam(
        "target_shape",
        intParam("dimension", 1, -1, 1'000'000'000, "One dimension; -1: inferred from the others."),
        json::array({-1, 1}), 1, 2,
        "The new shape without the batch: (features) or (length, "
        "channels).")};
    d.keyParams = {"target_shape"};
    return withFactories<Reshape>(d);
}

template class Reshape<float>;
template class Reshape<double>;

}  // namespace byom
