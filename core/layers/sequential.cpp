#include "core/layers/sequential.h"

#include "core/layers/inferencechain.h"
#include "core/layers/layercatalog.h"

namespace byom {

template <typename T>
Shape Sequential<T>::build(const std::vector<LayerSpec>& specs, const Shape& in,
                           std::vector<std::unique_ptr<Layer<T>>>& layers) {
    Shape current = in;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        try {
            layers.push_back(
                LayerCatalog::instance().get(specs[i].kind).make<T>(specs[i], current));
        } catch (const std::exception& e) {
            throw Error("inner layer " + std::to_string(i) + " (" + specs[i].kind +
                        "): " + e.what());
        }
        current = layers.back()->outputShape();
    }
    return current;
}

template <typename T>
Sequential<T>::Sequential(const std::vector<LayerSpec>& specs, const Shape& in) : Layer<T>(in, in) {
    this->m_out = build(specs, in, m_layers);
    for (const auto& layer : m_layers) {
        m_paramOffsets.push_back(m_params);
        m_stateOffsets.push_back(m_state);
        m_params += layer->paramCount();
        m_state += layer->stateCount();
    }
    if (!m_layers.empty()) {
        m_acts.resize(m_layers.size() - 1);
        m_grads.resize(m_layers.size() - 1);
    }
}

template <typename T>
Sequential<T>::Sequential(const LayerSpec& spec, const Shape& in) : Sequential(spec.layers, in) {
    if (spec.layers.empty())
        throw Error("architecture \"" + spec.params.value("name", std::string()) +
                    "\" is not registered in this project (or has no layers)");
}

template <typename T>
std::vector<TensorInfo> Sequential<T>::tensors() const {
    std::vector<TensorInfo> out;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        for (TensorInfo t : m_layers[i]->tensors()) {
            t.name = "layers[" + std::to_string(i) + "]." + t.name;
            t.offset += t.trainable ? m_paramOffsets[i] : m_stateOffsets[i];
            out.push_back(std::move(t));
        }
    }
    return out;
}

template <typename T>
void Sequential<T>::bind(T* params, T* grads, T* state) {
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        m_layers[i]->bind(params + m_paramOffsets[i], grads + m_paramOffsets[i],
                          state + m_stateOffsets[i]);
}

template <typename T>
void Sequential<T>::initParams(Rng& rng) {
    for (auto& layer : m_layers) layer->initParams(rng);
}

template <typename T>
void Sequential<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    if (m_layers.empty()) {
        out = in;
        return;
    }
    const Mat<T>* x = &in;
    for (std::size_t i = 0; i + 1 < m_layers.size(); ++i) {
        m_layers[i]->forward(*x, m_acts[i], training);
        x = &m_acts[i];
    }
    m_layers.back()->forward(*x, out, training);
}

template <typename T>
void Sequential<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                             Mat<T>& gradIn) {
    if (m_layers.empty()) {
        if (this->m_needInputGrad) gradIn = gradOut;
        return;
    }
    m_layers.front()->setNeedsInputGrad(this->m_needInputGrad);
    const Mat<T>* g = &gradOut;
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        const Mat<T>& x = i == 0 ? in : m_acts[i - 1];
        const Mat<T>& y = i + 1 == m_layers.size() ? out : m_acts[i];
        Mat<T>& gx = i == 0 ? gradIn : m_grads[i - 1];
        m_layers[i]->backward(x, y, *g, gx);
        g = &gx;
    }
}

template <typename T>
void Sequential<T>::prepareInference() {
    prepareChainForInference(m_layers, 0);
    m_acts.resize(m_layers.empty() ? 0 : m_layers.size() - 1);
}

template <typename T>
Index Sequential<T>::activationSize() const {
    Index n = 0;
    for (const auto& layer : m_layers) n += layer->activationSize();
    return n;
}

template <typename T>
long long Sequential<T>::flops() const {
    long long f = 0;
    for (const auto& layer : m_layers) f += layer->flops();
    return f;
}

template <typename T>
LayerDescriptor Sequential<T>::describeArchitectureBlock() {
    LayerDescriptor d;
    d.kind = "architecture";
    d.displayName = "Registered architecture";
    d.category = "Blocks";
    d.doc = "A registered architecture of this project used as one block.";
    ParamSpec name =
        makeParam("name", ParamType::String, "", "Name of the registered architecture.");
    d.schema = Schema{name};
    d.isBlock = true;
    d.keyParams = {"name"};
    d.makeFloat = [](const LayerSpec& s, const Shape& in) -> std::unique_ptr<Layer<float>> {
        return std::make_unique<Sequential<float>>(s, in);
    };
    d.makeDouble = [](const LayerSpec& s, const Shape& in) -> std::unique_ptr<Layer<double>> {
        return std::make_unique<Sequential<double>>(s, in);
    };
    return d;
}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace byom
