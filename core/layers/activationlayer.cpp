#include "core/layers/activationlayer.h"

namespace byom {

template <typename T>
ActivationLayer<T>::ActivationLayer(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_act(parseActivation(spec.params.at("activation").get<std::string>())),
      m_group(in.dims.back()) {
    // alpha null means the function's own default (leaky_relu 0.2, elu 1.0).
    if (const json& alpha = spec.params.at("alpha"); !alpha.is_null()) {
        m_params.leakyAlpha = alpha.get<double>();
        m_params.eluAlpha = alpha.get<double>();
    }
}

template <typename T>
void ActivationLayer<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    activationForward(m_act, in, out, m_group, m_params);
}

template <typename T>
void ActivationLayer<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                                  Mat<T>& gradIn) {
    activationBackward(m_act, in, out, gradOut, gradIn, m_group, m_params);
}

template <typename T>
Act ActivationLayer<T>::takeOutputActivation() {
    const Act act = m_act;
    m_act = Act::Linear;
    return act;
}

template <typename T>
LayerDescriptor ActivationLayer<T>::describe() {
    LayerDescriptor d;
    d.kind = "activation";
    d.displayName = "Activation";
    d.category = "Activation";
    d.doc = "Applies an activation function element-wise (softmax over the last axis).";
    d.schema = Schema{
        enumParam("activation", "relu", activationNames(), "The function to apply."),
        orNull(floatParam("alpha", 0.2, 0.0, 100.0,
                          "leaky_relu's slope below zero (0.2) or elu's scale (1.0); null: "
                          "the function's default.")),
    };
    d.keyParams = {"activation"};
    return withFactories<ActivationLayer>(d);
}

template class ActivationLayer<float>;
template class ActivationLayer<double>;

}  // namespace byom
