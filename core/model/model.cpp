#include "core/model/model.h"

#include "core/layers/inferencechain.h"
#include "core/layers/layercatalog.h"
#include "core/util/strings.h"

namespace byom {

namespace {

template <typename T>
std::unique_ptr<Layer<T>> buildLayer(const LayerSpec& spec, const Shape& in, std::size_t index) {
    const std::string where = "layers[" + std::to_string(index) + "]";
    try {
        return LayerCatalog::instance().get(spec.kind).make<T>(spec, in);
    } catch (const ValidationError& e) {
        std::vector<Problem> problems;
        for (const Problem& p : e.problems())
            problems.push_back({p.path.empty() ? where : where + "." + p.path, p.message});
        throw ValidationError(std::move(problems));
    } catch (const std::exception& e) {
        throw ValidationError(std::vector<Problem>{
            {where, spec.kind + " on input " + in.toString() + ": " + e.what()}});
    }
}

}  // namespace

std::vector<Shape> inferShapes(const std::vector<LayerSpec>& specs, const Shape& input) {
    std::vector<Shape> shapes;
    Shape current = input;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        current = buildLayer<float>(specs[i], current, i)->outputShape();
        shapes.push_back(current);
    }
    return shapes;
}

template <typename T>
Model<T>::Model(std::vector<LayerSpec> specs, Shape input)
    : m_specs(std::move(specs)), m_input(std::move(input)) {
    if (m_specs.empty())
        throw ValidationError(std::vector<Problem>{{"layers", "a model needs at least one layer"}});
    Shape current = m_input;
    Index params = 0;
    Index state = 0;
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        auto layer = buildLayer<T>(m_specs[i], current, i);
        m_paramOffsets.push_back(params);
        m_stateOffsets.push_back(state);
        params += layer->paramCount();
        state += layer->stateCount();
        if (params + state > kMaxModelParams)
            throw ValidationError(
                {{"layers[" + std::to_string(i) + "]",
                  "the model would have more than " + withThousands(kMaxModelParams) +
                      " parameters; make the layers smaller"}});
        current = layer->outputShape();
        m_layers.push_back(std::move(layer));
    }
    m_layers.front()->setNeedsInputGrad(false);
    m_outAct = m_layers.back()->takeOutputActivation();
    m_params = Vec<T>::Zero(params);
    m_grads = Vec<T>::Zero(params);
    m_state = Vec<T>::Zero(state);
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        m_layers[i]->bind(m_params.data() + m_paramOffsets[i], m_grads.data() + m_paramOffsets[i],
                          m_state.data() + m_stateOffsets[i]);
    m_acts.resize(m_layers.size());
    m_gacts.resize(m_layers.size());
}

template <typename T>
void Model<T>::prepareInference() {
    prepareChainForInference(m_layers, 1);
    m_acts.resize(m_layers.size());
    m_gacts.clear();
    m_inferenceOnly = true;
}

template <typename T>
std::unique_ptr<Model<T>> Model<T>::clone() const {
    if (m_inferenceOnly) throw Error("a model prepared for inference cannot be copied");
    auto copy = std::make_unique<Model<T>>(m_specs, m_input);
    copy->m_params = m_params;
    copy->m_state = m_state;
    return copy;
}

template <typename T>
void Model<T>::init(std::uint64_t seed) {
    Rng rng(seed);
    for (auto& layer : m_layers) layer->initParams(rng);
}

template <typename T>
const Mat<T>& Model<T>::forward(const Mat<T>& x, bool training) {
    if (training && m_inferenceOnly)
        throw Error("a model prepared for inference cannot run in training mode");
    m_x = &x;
    const Mat<T>* in = &x;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        m_layers[i]->forward(*in, m_acts[i], training);
        in = &m_acts[i];
    }
    if (m_outAct == Act::Linear) return m_acts.back();
    activationForward(m_outAct, m_acts.back(), m_output, outputShape().dims.back());
    return m_output;
}

template <typename T>
void Model<T>::backward(const Mat<T>& gradLogits) {
    if (m_inferenceOnly) throw Error("a model prepared for inference has no backward pass");
    const Mat<T>* g = &gradLogits;
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        const Mat<T>& in = i == 0 ? *m_x : m_acts[i - 1];
        Mat<T>& gradIn = i == 0 ? m_inputGrad : m_gacts[i - 1];
        m_layers[i]->backward(in, m_acts[i], *g, gradIn);
        g = &gradIn;
    }
}

template <typename T>
void Model<T>::backwardFromOutput(const Mat<T>& gradOutput) {
    if (m_outAct == Act::Linear) return backward(gradOutput);
    activationBackward(m_outAct, m_acts.back(), m_output, gradOutput, m_gradLogits,
                       outputShape().dims.back());
    backward(m_gradLogits);
}

template class Model<float>;
template class Model<double>;

}  // namespace byom
