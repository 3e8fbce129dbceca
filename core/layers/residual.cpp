#include "core/layers/residual.h"

#include "core/layers/batchnorm.h"
#include "core/layers/conv1d.h"
#include "core/layers/dense.h"
#include "core/util/parallelranges.h"

namespace byom {

namespace {

/// The projection from `in` to `out`, or an Error saying why there is none.
template <typename T>
std::unique_ptr<Layer<T>> makeProjection(const json& params, const Shape& in, const Shape& out) {
    if (in.rank() != out.rank())
        throw Error("the inner stack turns " + in.toString() + " into " + out.toString() +
                    "; a residual skip needs inputs and outputs of the same rank");
    const bool bias = params.at("projection_bias").get<bool>();
    if (in.rank() == 1)
        return std::make_unique<Dense<T>>(
            LayerSpec::of("dense", {{"units", out[0]}, {"use_bias", bias}}), in);
    const Index stride = Residual<T>::projectionStride(params, in[0], out[0]);
    if (stride == 0)
        throw Error("the inner stack turns length " + std::to_string(in[0]) + " into " +
                    std::to_string(out[0]) +
                    ", which no strided 1x1 projection can match; keep the length or divide it "
                    "by a stride");
    if ((in[0] + stride - 1) / stride != out[0])
        throw Error("projection_stride " + std::to_string(stride) + " turns length " +
                    std::to_string(in[0]) + " into " +
                    std::to_string((in[0] + stride - 1) / stride) + ", but the inner stack gives " +
                    std::to_string(out[0]) + "; give the inner stack's stride or 0 (automatic)");
    return std::make_unique<Conv1D<T>>(LayerSpec::of("conv1d", {{"filters", out[1]},
                                                                {"kernel_size", 1},
                                                                {"strides", stride},
                                                                {"padding", "same"},
                                                                {"use_bias", bias}}),
                                       in);
}

}  // namespace

template <typename T>
Residual<T>::Residual(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_inner(std::make_unique<Sequential<T>>(spec.layers, in)),
      m_act(parseActivation(spec.params.at("activation").get<std::string>())) {
    const Shape& out = m_inner->outputShape();
    if (projects(spec.params, in, out)) {
        m_projection = makeProjection<T>(spec.params, in, out);
        if (spec.params.at("projection_norm") == "batch")
            m_projectionNorm = std::make_unique<BatchNorm<T>>(
                LayerSpec::of("batch_norm", {{"momentum", 0.9}, {"epsilon", 1e-3}}), out);
    } else if (out != in) {
        throw Error("the inner stack turns " + in.toString() + " into " + out.toString() +
                    "; the identity skip needs equal shapes (set projection to auto or always, "
                    "or keep the shape)");
    }
    this->m_out = out;
}

template <typename T>
bool Residual<T>::projects(const json& params, const Shape& in, const Shape& out) {
    const std::string projection = params.at("projection").get<std::string>();
    return projection == "always" || (projection == "auto" && out != in);
}

template <typename T>
Index Residual<T>::projectionStride(Index in, Index out) {
    // A strided 1x1 convolution with padding same gives ceil(L / s) positions.
    for (Index s = 1; s <= std::min<Index>(in, 4096); ++s)
        if ((in + s - 1) / s == out) return s;
    return 0;
}

template <typename T>
Index Residual<T>::projectionStride(const json& params, Index in, Index out) {
    const Index given = params.at("projection_stride").get<Index>();
    return given > 0 ? given : projectionStride(in, out);
}

template <typename T>
Index Residual<T>::paramCount() const {
    return m_inner->paramCount() + (m_projection ? m_projection->paramCount() : 0) +
           (m_projectionNorm ? m_projectionNorm->paramCount() : 0);
}

template <typename T>
std::vector<TensorInfo> Residual<T>::tensors() const {
    std::vector<TensorInfo> t = m_inner->tensors();
    if (m_projection) {
        for (TensorInfo p : m_projection->tensors()) {
            p.name = "projection." + p.name;
            p.offset += p.trainable ? m_inner->paramCount() : m_inner->stateCount();
            t.push_back(std::move(p));
        }
    }
    if (m_projectionNorm) {
        for (TensorInfo p : m_projectionNorm->tensors()) {
            p.name = "projection_bn." + p.name;
            p.offset += p.trainable ? m_inner->paramCount() + m_projection->paramCount()
                                    : m_inner->stateCount();
            t.push_back(std::move(p));
        }
    }
    return t;
}

template <typename T>
void Residual<T>::bind(T* params, T* grads, T* state) {
    m_inner->bind(params, grads, state);
    if (m_projection) {
        const Index n = m_inner->paramCount();
        m_projection->bind(params + n, grads + n, state + m_inner->stateCount());
        if (m_projectionNorm) {
            const Index k = n + m_projection->paramCount();
            m_projectionNorm->bind(params + k, grads + k, state + m_inner->stateCount());
        }
    }
}

template <typename T>
void Residual<T>::initParams(Rng& rng) {
    m_inner->initParams(rng);
    if (m_projection) m_projection->initParams(rng);
    if (m_projectionNorm) m_projectionNorm->initParams(rng);
}

template <typename T>
void Residual<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    m_inner->forward(in, m_innerOut, training);
    Mat<T>& z = m_act == Act::Linear ? out : m_z;
    if (m_projection) {
        m_projection->forward(in, m_skipOut, training);
        if (m_projectionNorm) {
            m_projectionNorm->forward(m_skipOut, m_skipNormOut, training);
            parallelSum(m_innerOut, m_skipNormOut, z);
        } else {
            parallelSum(m_innerOut, m_skipOut, z);
        }
    } else {
        parallelSum(m_innerOut, in, z);
    }
    if (m_act != Act::Linear) activationForward(m_act, m_z, out, this->m_out.dims.back());
}

template <typename T>
void Residual<T>::prepareInference() {
    m_inner->prepareInference();
    if (m_projection) m_projection->prepareInference();
}

template <typename T>
void Residual<T>::backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                           Mat<T>& gradIn) {
    const Mat<T>* gz = &gradOut;
    if (m_act != Act::Linear) {
        activationBackward(m_act, m_z, out, gradOut, m_gz, this->m_out.dims.back());
        gz = &m_gz;
    }
    const bool needIn = this->m_needInputGrad;
    m_inner->setNeedsInputGrad(needIn);
    m_inner->backward(in, m_innerOut, *gz, m_gInner);
    if (m_projection) {
        m_projection->setNeedsInputGrad(needIn);
        if (m_projectionNorm) {
            m_projectionNorm->backward(m_skipOut, m_skipNormOut, *gz, m_gSkipNorm);
            m_projection->backward(in, m_skipOut, m_gSkipNorm, m_gSkip);
        } else {
            m_projection->backward(in, m_skipOut, *gz, m_gSkip);
        }
        if (needIn) parallelSum(m_gInner, m_gSkip, gradIn);
    } else if (needIn) {
        parallelSum(m_gInner, *gz, gradIn);
    }
}

template <typename T>
Act Residual<T>::takeOutputActivation() {
    const Act act = m_act;
    m_act = Act::Linear;
    return act;
}

template <typename T>
long long Residual<T>::flops() const {
    return m_inner->flops() + (m_projection ? m_projection->flops() : 0) +
           (m_projectionNorm ? m_projectionNorm->flops() : 0) + this->m_out.size();
}

template <typename T>
LayerDescriptor Residual<T>::describe() {
    LayerDescriptor d;
    d.kind = "residual";
    d.displayName = "Residual block";
    d.category = "Blocks";
    d.doc =
        "Adds the block's input to the output of its inner layers (through a 1x1 projection "
        "when the shapes differ), then applies the activation.";
    d.schema = Schema{
        enumParam("projection", "auto", {"auto", "always", "never"},
                  "Skip path: auto projects only when the inner layers change the shape; "
                  "never requires them to keep it."),
        enumParam("activation", "linear", activationNames(), "Activation applied after the add."),
        intParam("projection_stride", 0, 0, 4096,
                 "Stride of a 1x1 projection on (L, C) inputs; 0: the smallest that gives the "
                 "inner stack's length."),
        boolParam("projection_bias", true, "Give the projection a bias."),
        enumParam("projection_norm", "none", {"none", "batch"},
                  "batch: a batch norm after the projection (momentum 0.9, epsilon 1e-3, as "
                  "HeartKit's ResNet shortcut)."),
    };
    d.isBlock = true;
    d.keyParams = {"projection", "activation"};
    return withFactories<Residual>(d);
}

template class Residual<float>;
template class Residual<double>;

}  // namespace byom
