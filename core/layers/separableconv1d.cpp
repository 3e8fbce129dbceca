#include "core/layers/separableconv1d.h"

namespace byom {

template <typename T>
SeparableConv1D<T>::SeparableConv1D(const LayerSpec& spec, const Shape& in) : Layer<T>(in, in) {
    const json& p = spec.params;
    m_depthwise = std::make_unique<DepthwiseConv1D<T>>(
        LayerSpec::of("depthwise_conv1d",
                      {{"kernel_size", p.at("kernel_size")},
                       {"strides", p.at("strides")},
                       {"dilation_rate", p.at("dilation_rate")},
                       {"padding", p.at("padding")},
                       {"depth_multiplier", p.at("depth_multiplier")},
                       {"use_bias", false},
                       {"depthwise_initializer", p.at("depthwise_initializer")}}),
        in);
    m_pointwise = std::make_unique<Conv1D<T>>(
        LayerSpec::of("conv1d", {{"filters", p.at("filters")},
                                 {"kernel_size", 1},
                                 {"activation", p.at("activation")},
                                 {"use_bias", p.at("use_bias")},
                                 {"kernel_initializer", p.at("pointwise_initializer")}}),
        m_depthwise->outputShape());
    this->m_out = m_pointwise->outputShape();
}

template <typename T>
std::vector<TensorInfo> SeparableConv1D<T>::tensors() const {
    std::vector<TensorInfo> t;
    for (TensorInfo d : m_depthwise->tensors()) {
        d.name = "depthwise_" + d.name;
        t.push_back(std::move(d));
    }
    for (TensorInfo d : m_pointwise->tensors()) {
        if (d.name == "kernel") d.name = "pointwise_kernel";
        d.offset += m_depthwise->paramCount();
        t.push_back(std::move(d));
    }
    return t;
}

template <typename T>
void SeparableConv1D<T>::bind(T* params, T* grads, T* state) {
    m_depthwise->bind(params, grads, state);
    const Index n = m_depthwise->paramCount();
    m_pointwise->bind(params + n, grads + n, state);
}

template <typename T>
void SeparableConv1D<T>::initParams(Rng& rng) {
    m_depthwise->initParams(rng);
    m_pointwise->initParams(rng);
}

template <typename T>
void SeparableConv1D<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    m_depthwise->forward(in, m_mid, training);
    m_pointwise->forward(m_mid, out, training);
}

template <typename T>
void SeparableConv1D<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                                  Mat<T>& gradIn) {
    m_pointwise->backward(m_mid, out, gradOut, m_gmid);
    m_depthwise->setNeedsInputGrad(this->m_needInputGrad);
    m_depthwise->backward(in, m_mid, m_gmid, gradIn);
}

template <typename T>
LayerDescriptor SeparableConv1D<T>::describe() {
    LayerDescriptor d;
    d.kind = "separable_conv1d";
    d.displayName = "SeparableConv1D";
    d.category = "Convolution";
    d.doc =
        "Depthwise convolution of each channel, then a 1x1 convolution mixing the channels "
        "into filters outputs (far fewer weights than conv1d).";
    d.schema = Schema{
        intParam("filters", 32, 1, 65536, "Number of output channels."),
        pairParam("kernel_size", 3, 1, 4096, "Window length (7 or HeartKit's [1, 7])."),
        pairParam("strides", 1, 1, 4096, "Step between windows."),
        pairParam("dilation_rate", 1, 1, 4096,
                  "Spacing between the taps of a window (cannot be combined with strides > 1)."),
        enumParam("padding", "valid", {"valid", "same"},
                  "valid: windows inside the input only; same: zero-pad so that the output "
                  "length is ceil(length / strides)."),
        intParam("depth_multiplier", 1, 1, 4096, "Depthwise output channels per input channel."),
        enumParam("activation", "linear", activationNames(), "Activation applied to the outputs."),
        boolParam("use_bias", true, "Add a learned bias to each output channel."),
        enumParam("depthwise_initializer", "glorot_uniform", initializerNames(),
                  "How the depthwise kernel is initialised."),
        enumParam("pointwise_initializer", "glorot_uniform", initializerNames(),
                  "How the pointwise kernel is initialised."),
    };
    d.keyParams = {"filters", "kernel_size", "strides", "activation"};
    return withFactories<SeparableConv1D>(d);
}

template class SeparableConv1D<float>;
template class SeparableConv1D<double>;

}  // namespace byom
