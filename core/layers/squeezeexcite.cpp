#include "core/layers/squeezeexcite.h"

#include <algorithm>
#include <cmath>

#include "core/layers/convgeometry.h"
#include "core/util/parallelranges.h"

namespace byom {

Index squeezeUnits(Index channels, double ratio) {
    return std::max<Index>(1,
                           static_cast<Index>(std::floor(static_cast<double>(channels) / ratio)));
}

template <typename T>
SqueezeExcite<T>::SqueezeExcite(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_length(0), m_channels(0) {
    requireSequence(in, "squeeze_excite");
    m_length = in[0];
    m_channels = in[1];
    const Index reduced = squeezeUnits(m_channels, spec.params.at("ratio").get<double>());
    const std::string squeezeAct = spec.params.value("squeeze_activation", std::string("relu"));
    const std::string exciteAct = spec.params.value("excite_activation", std::string("sigmoid"));
    m_squeeze = std::make_unique<Dense<T>>(
        LayerSpec::of("dense", {{"units", reduced}, {"activation", squeezeAct}}),
        Shape{m_channels});
    m_excite = std::make_unique<Dense<T>>(
        LayerSpec::of("dense", {{"units", m_channels}, {"activation", exciteAct}}), Shape{reduced});
}

template <typename T>
std::vector<TensorInfo> SqueezeExcite<T>::tensors() const {
    std::vector<TensorInfo> t;
    for (TensorInfo s : m_squeeze->tensors()) {
        s.name = "squeeze." + s.name;
        t.push_back(std::move(s));
    }
    for (TensorInfo e : m_excite->tensors()) {
        e.name = "excite." + e.name;
        e.offset += m_squeeze->paramCount();
        t.push_back(std::move(e));
    }
    return t;
}

template <typename T>
void SqueezeExcite<T>::bind(T* params, T* grads, T* state) {
    m_squeeze->bind(params, grads, state);
    const Index n = m_squeeze->paramCount();
    m_excite->bind(params + n, grads + n, state);
}

template <typename T>
void SqueezeExcite<T>::initParams(Rng& rng) {
    m_squeeze->initParams(rng);
    m_excite->initParams(rng);
}

template <typename T>
void SqueezeExcite<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    // Sample b is a (C x L) matrix: the channel sums run over positions in order, and the
    // gate scales each position's column. Samples are split between the engine's threads.
    const Index c = m_channels;
    m_pooled.resize(c, in.cols());
    const T invLength = T(1) / static_cast<T>(m_length);
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            const T* x = in.col(b).data();
            T* s = m_pooled.col(b).data();
            std::fill(s, s + c, T(0));
            for (Index pos = 0; pos < m_length; ++pos, x += c)
                for (Index k = 0; k < c; ++k) s[k] += x[k];
            for (Index k = 0; k < c; ++k) s[k] *= invLength;
        }
    });
    m_squeeze->forward(m_pooled, m_hidden, training);
    m_excite->forward(m_hidden, m_gate, training);
    out.resize(in.rows(), in.cols());
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b)
            MatMap<T>(out.col(b).data(), c, m_length).array() =
                Eigen::Map<const Mat<T>>(in.col(b).data(), c, m_length).array().colwise() *
                m_gate.col(b).array();
    });
}

template <typename T>
void SqueezeExcite<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                                Mat<T>& gradIn) {
    const Index c = m_channels;
    m_gGate.resize(c, in.cols());
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b) {
            const T* x = in.col(b).data();
            const T* g = gradOut.col(b).data();
            T* s = m_gGate.col(b).data();
            std::fill(s, s + c, T(0));
            for (Index pos = 0; pos < m_length; ++pos, x += c, g += c)
                for (Index k = 0; k < c; ++k) s[k] += g[k] * x[k];
        }
    });
    const bool needIn = this->m_needInputGrad;
    m_excite->backward(m_hidden, m_gate, m_gGate, m_gHidden);
    m_squeeze->setNeedsInputGrad(needIn);
    m_squeeze->backward(m_pooled, m_hidden, m_gHidden, m_gPooled);
    if (!needIn) return;
    gradIn.resize(in.rows(), in.cols());
    const T scale = T(1) / static_cast<T>(m_length);
    parallelColumns(in.rows(), in.cols(), kMinParallelValues, [&](Index first, Index end) {
        for (Index b = first; b < end; ++b)
            MatMap<T>(gradIn.col(b).data(), c, m_length).array() =
                (Eigen::Map<const Mat<T>>(gradOut.col(b).data(), c, m_length).array().colwise() *
                 m_gate.col(b).array())
                    .colwise() +
                scale * m_gPooled.col(b).array();
    });
}

template <typename T>
LayerDescriptor SqueezeExcite<T>::describe() {
    LayerDescriptor d;
    d.kind = "squeeze_excite";
    d.displayName = "Squeeze-Excite block";
    d.category = "Blocks";
    d.doc =
        "Rescales each channel by a learned gate computed from the channel means "
        "(global average pool, dense relu, dense sigmoid; HeartKit's: relu6, hard_sigmoid).";
    d.schema = Schema{
        floatParam("ratio", 4, 1e-3, 65536,
                   "Reduction: the hidden dense has max(1, floor(channels / ratio)) units."),
        enumParam("squeeze_activation", "relu", activationNames(),
                  "Activation of the hidden dense (HeartKit: relu6)."),
        enumParam("excite_activation", "sigmoid", activationNames(),
                  "Activation of the gate (HeartKit: hard_sigmoid, relu6(x + 3) / 6)."),
    };
    d.keyParams = {"ratio"};
    return withFactories<SqueezeExcite>(d);
}

template class SqueezeExcite<float>;
template class SqueezeExcite<double>;

}  // namespace byom
