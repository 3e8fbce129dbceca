#include "core/layers/dense.h"

#include <type_traits>

#include "core/util/sgemm.h"

#include "core/layers/affinefold.h"
#include "core/layers/initializer.h"

namespace byom {

template <typename T>
Dense<T>::Dense(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, Shape{spec.params.at("units").get<Index>()}),
      m_units(spec.params.at("units").get<Index>()),
      m_inputs(in.size()),
      m_useBias(spec.params.at("use_bias").get<bool>()),
      m_act(parseActivation(spec.params.at("activation").get<std::string>())),
      m_init(parseInitializer(spec.params.at("kernel_initializer").get<std::string>())) {
    if (in.rank() != 1)
        throw Error("dense needs a flat (features) input, got " + in.toString() +
                    "; insert a flatten or a global pooling layer before it");
}

template <typename T>
std::vector<TensorInfo> Dense<T>::tensors() const {
    std::vector<TensorInfo> t = {{"kernel", {m_inputs, m_units}, 0, true}};
    if (m_useBias) t.push_back({"bias", {m_units}, m_units * m_inputs, true});
    return t;
}

template <typename T>
void Dense<T>::bind(T* params, T* grads, T*) {
    new (&m_w) MatMap<T>(params, m_units, m_inputs);
    new (&m_gw) MatMap<T>(grads, m_units, m_inputs);
    if (m_useBias) {
        new (&m_b) VecMap<T>(params + m_units * m_inputs, m_units);
        new (&m_gb) VecMap<T>(grads + m_units * m_inputs, m_units);
    }
}

template <typename T>
void Dense<T>::initParams(Rng& rng) {
    initialize(m_init, m_w.data(), m_w.size(), m_inputs, m_units, rng);
    if (m_useBias) m_b.setZero();
}

template <typename T>
void Dense<T>::forward(const Mat<T>& in, Mat<T>& out, bool) {
    if (m_inferenceOnly && m_act != Act::Softmax) {
        // The product, then the bias and an element-wise activation in place (relu and the
        // bias in one pass): no pre-activation buffer, no backward to keep it for.
        if constexpr (std::is_same_v<T, float>)
            Sgemm::product(m_w, in, out);
        else
            out.noalias() = m_w * in;
        if (m_useBias && m_act == Act::Relu) {
            out.array() = (out.array().colwise() + m_b.array()).max(T(0));
            return;
        }
        if (m_useBias) out.colwise() += m_b;
        if (m_act != Act::Linear) activationForward(m_act, out, out, m_units);
        return;
    }
    Mat<T>& z = m_act == Act::Linear ? out : m_z;
    z.resize(m_units, in.cols());
    z.noalias() = m_w * in;
    if (m_useBias) z.colwise() += m_b;
    if (m_act != Act::Linear) activationForward(m_act, m_z, out, m_units);
}

template <typename T>
void Dense<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                        Mat<T>& gradIn) {
    const Mat<T>* gz = &gradOut;
    if (m_act != Act::Linear) {
        activationBackward(m_act, m_z, out, gradOut, m_gz, m_units);
        gz = &m_gz;
    }
    m_gw.noalias() = *gz * in.transpose();
    if (m_useBias) m_gb.noalias() = gz->rowwise().sum();
    if (this->m_needInputGrad) {
        gradIn.resize(m_inputs, in.cols());
        gradIn.noalias() = m_w.transpose() * *gz;
    }
}

template <typename T>
Act Dense<T>::takeOutputActivation() {
    const Act act = m_act;
    m_act = Act::Linear;
    return act;
}

template <typename T>
bool Dense<T>::foldAffine(const std::vector<double>& scale, const std::vector<double>& shift) {
    if (m_act != Act::Linear || static_cast<Index>(scale.size()) != m_units) return false;
    foldIntoRows(m_w, m_b, m_useBias, m_foldedBias, scale, shift);
    return true;
}

template <typename T>
LayerDescriptor Dense<T>::describe() {
    LayerDescriptor d;
    d.kind = "dense";
    d.displayName = "Dense";
    d.category = "Core";
    d.doc = "Fully connected layer: units outputs, each a weighted sum of all inputs plus a bias.";
    d.schema = Schema{
        intParam("units", 32, 1, 65536, "Number of outputs."),
        enumParam("activation", "linear", activationNames(), "Activation applied to the outputs."),
        boolParam("use_bias", true, "Add a learned bias to each output."),
        enumParam("kernel_initializer", "glorot_uniform", initializerNames(),
                  "How the weights are initialised."),
    };
    d.keyParams = {"units", "activation"};
    return withFactories<Dense>(d);
}

template class Dense<float>;
template class Dense<double>;

}  // namespace byom
