#include "core/io/export/kerasgraph.h"
#include "core/layers/squeezeexcite.h"

#include <algorithm>

#include "core/io/export/exportutil.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::vector<Index> dimsOf(const Shape& s) {
    return s.dims;
}

ExportTensor reshaped(const ExportTensor& t, std::vector<Index> shape) {
    return {std::move(shape), t.data};
}

/// A (k, C, M) depthwise kernel with dilation d as the undilated kernel of its span,
/// ((k - 1) d + 1, C, M), zero between the taps: the same convolution, padding included.
ExportTensor spreadTaps(const ExportTensor& t, Index d) {
    const Index k = t.shape[0];
    const Index tap = t.size() / std::max<Index>(1, k);
    ExportTensor s{{(k - 1) * d + 1, t.shape[1], t.shape[2]}, {}};
    s.data.assign(static_cast<std::size_t>(s.size()), 0.0f);
    for (Index j = 0; j < k; ++j)
        std::copy_n(t.data.begin() + j * tap, tap, s.data.begin() + j * d * tap);
    return s;
}

}  // namespace

KerasGraph::KerasGraph(const ExportModel& model, Flavor flavor) : m_flavor(flavor) {
    kinds().check(model.layers(), format());
    KerasNode input;
    input.className = "InputLayer";
    input.name = unique(flavor == Flavor::Keras3 ? "input_layer" : "input_1");
    input.outShape = dimsOf(model.inputShape());
    json batch = json::array({nullptr});
    for (Index d : input.outShape) batch.push_back(d);
    input.config = {{flavor == Flavor::Keras3 ? "batch_shape" : "batch_input_shape", batch},
                    {"sparse", false}};
    std::string x = add(std::move(input));
    if (model.hasNormalization())
        x = addScaling(x, model.inputShape(), model.normCenter(), model.normScale(), false,
                       "normalization");
    m_output = emitSequence(model.layers(), x);
    if (model.hasTargetScaling())
        m_output = addScaling(m_output, model.outputShape(), model.targetCenter(),
                              model.targetScale(), true, "target_scaling");
}

std::string KerasGraph::addScaling(const std::string& x, const Shape& shape,
                                   const std::vector<double>& center,
                                   const std::vector<double>& scale, bool invert,
                                   const std::string& base) {
    const Index groups = static_cast<Index>(center.size());
    KerasNode n;
    n.name = unique(base);
    n.inbound = {x};
    n.outShape = dimsOf(shape);
    if (m_flavor == Flavor::Keras3) {
        // keras.layers.Normalization: (x - mean) / sqrt(variance), or with invert
        // x * sqrt(variance) + mean.
        std::vector<double> variance;
        for (double s : scale) variance.push_back(s * s);
        n.className = "Normalization";
        n.config = {{"axis", -1}, {"mean", center}, {"variance", variance}, {"invert", invert}};
    } else {
        // Inference-mode BatchNormalization as the affine map (x - center) / scale (gamma =
        // 1 / scale, moving_mean = center) or x * scale + center (gamma = scale, beta =
        // center): moving_variance = 1 - epsilon makes sqrt(variance + epsilon) = 1.
        const double eps = 1e-3;
        n.className = "BatchNormalization";
        n.config = {
            {"axis", -1}, {"momentum", 0.99}, {"epsilon", eps}, {"center", true}, {"scale", true}};
        ExportTensor gamma{{groups}, {}}, beta{{groups}, {}}, mean{{groups}, {}}, var{{groups}, {}};
        for (Index i = 0; i < groups; ++i) {
            const std::size_t k = static_cast<std::size_t>(i);
            gamma.data.push_back(static_cast<float>(invert ? scale[k] : 1.0 / scale[k]));
            beta.data.push_back(invert ? static_cast<float>(center[k]) : 0.0f);
            mean.data.push_back(invert ? 0.0f : static_cast<float>(center[k]));
            var.data.push_back(static_cast<float>(1.0 - eps));
        }
        n.weights = {
            {"gamma", gamma}, {"beta", beta}, {"moving_mean", mean}, {"moving_variance", var}};
    }
    return add(std::move(n));
}

bool KerasGraph::isLinear() const {
    for (std::size_t i = 1; i < m_nodes.size(); ++i)
        if (m_nodes[i].inbound.size() != 1 || m_nodes[i].inbound[0] != m_nodes[i - 1].name)
            return false;
    return true;
}

std::string KerasGraph::unique(const std::string& base) {
    std::string name = base;
    for (int i = 1; std::find(m_names.begin(), m_names.end(), name) != m_names.end(); ++i)
        name = base + "_" + std::to_string(i);
    m_names.push_back(name);
    return name;
}

std::string KerasGraph::add(KerasNode node) {
    if (std::find(m_names.begin(), m_names.end(), node.name) == m_names.end())
        m_names.push_back(node.name);
    m_nodes.push_back(std::move(node));
    return m_nodes.back().name;
}

bool KerasGraph::activationString(Act act, double alpha, std::string& name) const {
    const bool keras3 = m_flavor == Flavor::Keras3;
    switch (act) {
        case Act::Linear:
            name = "linear";
            return true;
        case Act::Relu:
            name = "relu";
            return true;
        case Act::Relu6:
            name = "relu6";
            return true;
        case Act::Selu:
            name = "selu";
            return true;
        case Act::Gelu:
            name = "gelu";
            return true;  // both: the exact (erf) form
        case Act::Swish:
            name = keras3 ? "silu" : "swish";
            return true;
        case Act::Sigmoid:
            name = "sigmoid";
            return true;
        case Act::Tanh:
            name = "tanh";
            return true;
        case Act::Softmax:
            name = "softmax";
            return true;
        case Act::Elu:
            name = "elu";
            return alpha == 1.0;
        case Act::LeakyRelu:
            name = "leaky_relu";
            return keras3 && alpha == 0.2;
        case Act::HardSigmoid:
            name = "hard_sigmoid";
            return keras3;
        case Act::HardSwish:
            return false;  // hard_silu is newer than Keras 3.0
    }
    return false;
}

std::string KerasGraph::activationLayers(const std::string& x, const std::vector<Index>& shape,
                                         Act act, double alpha, const std::string& base) {
    KerasNode n;
    n.inbound = {x};
    n.outShape = shape;
    std::string name;
    if (activationString(act, alpha, name)) {
        if (act == Act::Linear) return x;
        n.className = "Activation";
        n.name = unique(base);
        n.config = {{"activation", name}};
        return add(std::move(n));
    }
    switch (act) {
        case Act::LeakyRelu:
            n.className = "LeakyReLU";
            n.name = unique(base);
            n.config = {{m_flavor == Flavor::Keras3 ? "negative_slope" : "alpha", alpha}};
            return add(std::move(n));
        case Act::Elu:
            n.className = "ELU";
            n.name = unique(base);
            n.config = {{"alpha", alpha}};
            return add(std::move(n));
        case Act::HardSigmoid: {
            // TF.js: relu6(x + 3) / 6 = min(max(x / 6 + 0.5, 0), 1).
            n.className = "Rescaling";
            n.name = unique(base + "_rescale");
            n.config = {{"scale", 1.0 / 6.0}, {"offset", 0.5}};
            const std::string r = add(std::move(n));
            KerasNode clip;
            clip.className = "ReLU";
            clip.name = unique(base);
            clip.inbound = {r};
            clip.outShape = shape;
            clip.config = {{"max_value", 1.0}};
            return add(std::move(clip));
        }
        case Act::HardSwish: {
            const std::string gate =
                activationLayers(x, shape, Act::HardSigmoid, alpha, base + "_hard_sigmoid");
            n.className = "Multiply";
            n.name = unique(base);
            n.inbound = {x, gate};
            return add(std::move(n));
        }
        default:
            break;
    }
    throw Error("keras: no layer for activation " + activationName(act));
}

std::string KerasGraph::addWithActivation(KerasNode node, Act act, double alpha) {
    std::string name;
    const bool inConfig = activationString(act, alpha, name);
    node.config["activation"] = inConfig ? name : "linear";
    const std::vector<Index> shape = node.outShape;
    const std::string base = node.name;
    const std::string out = add(std::move(node));
    return inConfig ? out : activationLayers(out, shape, act, alpha, base + "_activation");
}

std::string KerasGraph::via2d(KerasNode node, const ExportLayer& l, const std::string& x) {
    KerasNode in;
    in.className = "Reshape";
    in.name = unique(node.name + "_to2d");
    in.inbound = {x};
    in.outShape = {l.input[0], 1, l.input[1]};
    in.config = {{"target_shape", in.outShape}};
    node.inbound = {add(std::move(in))};
    const std::vector<Index> out1d = node.outShape;
    node.outShape = {out1d[0], 1, out1d[1]};
    const std::string name = node.name;
    const std::string y = add(std::move(node));
    KerasNode back;
    back.className = "Reshape";
    back.name = unique(name + "_to1d");
    back.inbound = {y};
    back.outShape = out1d;
    back.config = {{"target_shape", out1d}};
    return add(std::move(back));
}

std::string KerasGraph::emitSequence(const std::vector<ExportLayer>& layers, std::string x) {
    for (const ExportLayer& l : layers) x = emit(l, x);
    return x;
}

KerasNode KerasGraph::node(const ExportLayer& l, const std::string& x, const char* className) {
    KerasNode n;
    n.className = className;
    n.name = unique(l.name);
    n.inbound = {x};
    n.outShape = dimsOf(l.output);
    return n;
}

void KerasGraph::weight(KerasNode& n, const ExportLayer& l, const std::string& kerasName,
                        const std::string& ours) {
    if (l.hasTensor(ours)) n.weights.emplace_back(kerasName, l.tensor(ours));
}

std::string KerasGraph::emit(const ExportLayer& l, const std::string& x) {
    return (this->*kinds().emitter(l, format()))(l, x);
}

std::string KerasGraph::dense(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "Dense");
    n.config = {{"units", l.param("units")}, {"use_bias", l.param("use_bias")}};
    weight(n, l, "kernel", "kernel");
    weight(n, l, "bias", "bias");
    return addWithActivation(std::move(n), l.activation.act, l.activation.alpha);
}

KerasNode KerasGraph::convNode(const ExportLayer& l, const std::string& x, const char* className,
                               bool twoD) {
    const ExportWindow& w = l.window;
    KerasNode n = node(l, x, className);
    const json kernel = twoD ? json{w.kernel, 1} : json{w.kernel};
    const json strides = twoD ? json{w.stride, 1} : json{w.stride};
    const json dilation = twoD ? json{w.dilation, 1} : json{w.dilation};
    n.config = {{"kernel_size", kernel},
                {"strides", strides},
                {"padding", l.param("padding")},
                {"dilation_rate", dilation},
                {"use_bias", l.param("use_bias")}};
    if (l.kind() != "depthwise_conv1d") n.config["filters"] = l.output[1];
    if (l.kind() != "conv1d") n.config["depth_multiplier"] = l.param("depth_multiplier");
    if (!twoD) n.config["data_format"] = "channels_last";
    return n;
}

std::string KerasGraph::conv1d(const ExportLayer& l, const std::string& x) {
    KerasNode n = convNode(l, x, "Conv1D", false);
    weight(n, l, "kernel", "kernel");
    weight(n, l, "bias", "bias");
    return addWithActivation(std::move(n), l.activation.act, l.activation.alpha);
}

std::string KerasGraph::depthwiseConv1d(const ExportLayer& l, const std::string& x) {
    const bool keras3 = m_flavor == Flavor::Keras3;
    KerasNode n = convNode(l, x, keras3 ? "DepthwiseConv1D" : "DepthwiseConv2D", !keras3);
    // TF.js's DepthwiseConv2D ignores dilation_rate (tfjs-layers calls depthwiseConv2d without
    // it): a dilated kernel goes out as the undilated kernel of its span.
    const Index d = l.window.dilation;
    const bool spread = !keras3 && d > 1;
    if (spread) {
        n.config["kernel_size"] = {(l.window.kernel - 1) * d + 1, 1};
        n.config["dilation_rate"] = {1, 1};
    }
    if (l.hasTensor("kernel")) {
        const ExportTensor t = spread ? spreadTaps(l.tensor("kernel"), d) : l.tensor("kernel");
        n.weights.emplace_back(keras3 ? "kernel" : "depthwise_kernel",
                               keras3 ? t : reshaped(t, {t.shape[0], 1, t.shape[1], t.shape[2]}));
    }
    weight(n, l, "bias", "bias");
    return depthwiseActivation(std::move(n), l, x);
}

std::string KerasGraph::separableConv1d(const ExportLayer& l, const std::string& x) {
    const bool keras3 = m_flavor == Flavor::Keras3;
    KerasNode n = convNode(l, x, keras3 ? "SeparableConv1D" : "SeparableConv2D", !keras3);
    if (l.hasTensor("depthwise_kernel")) {
        const ExportTensor& d = l.tensor("depthwise_kernel");
        const ExportTensor& p = l.tensor("pointwise_kernel");
        n.weights.emplace_back("depthwise_kernel",
                               keras3 ? d : reshaped(d, {d.shape[0], 1, d.shape[1], d.shape[2]}));
        n.weights.emplace_back("pointwise_kernel",
                               keras3 ? p : reshaped(p, {1, 1, p.shape[1], p.shape[2]}));
    }
    weight(n, l, "bias", "bias");
    return depthwiseActivation(std::move(n), l, x);
}

std::string KerasGraph::depthwiseActivation(KerasNode n, const ExportLayer& l,
                                            const std::string& x) {
    const ExportActivation& act = l.activation;
    if (m_flavor == Flavor::Keras3) return addWithActivation(std::move(n), act.act, act.alpha);
    // TF.js: 2-D layer between reshapes, then the activation as layers of its own.
    std::string name;
    const bool inConfig = activationString(act.act, act.alpha, name);
    n.config["activation"] = inConfig ? name : "linear";
    const std::string base = n.name;
    const std::string y = via2d(std::move(n), l, x);
    return inConfig
               ? y
               : activationLayers(y, dimsOf(l.output), act.act, act.alpha, base + "_activation");
}

std::string KerasGraph::pool(const ExportLayer& l, const std::string& x, const char* className) {
    KerasNode n = node(l, x, className);
    n.config = {{"pool_size", l.window.kernel},
                {"strides", l.window.stride},
                {"padding", l.param("padding")}};
    if (m_flavor == Flavor::Keras3) n.config["data_format"] = "channels_last";
    return add(std::move(n));
}

std::string KerasGraph::maxPool1d(const ExportLayer& l, const std::string& x) {
    return pool(l, x, "MaxPooling1D");
}

std::string KerasGraph::avgPool1d(const ExportLayer& l, const std::string& x) {
    return pool(l, x, "AveragePooling1D");
}

KerasNode KerasGraph::globalAvgPool(const std::string& name, const std::string& x,
                                    std::vector<Index> outShape) {
    KerasNode n;
    n.className = "GlobalAveragePooling1D";
    n.name = name;
    n.inbound = {x};
    n.outShape = std::move(outShape);
    if (m_flavor == Flavor::Keras3)
        n.config = {{"data_format", "channels_last"}, {"keepdims", false}};
    return n;
}

std::string KerasGraph::globalAvgPool1d(const ExportLayer& l, const std::string& x) {
    return add(globalAvgPool(unique(l.name), x, dimsOf(l.output)));
}

std::string KerasGraph::globalMaxPool1d(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "GlobalMaxPooling1D");
    if (m_flavor == Flavor::Keras3)
        n.config = {{"data_format", "channels_last"}, {"keepdims", false}};
    return add(std::move(n));
}

std::string KerasGraph::batchNorm(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "BatchNormalization");
    n.config = {{"axis", -1},
                {"momentum", l.param("momentum")},
                {"epsilon", l.param("epsilon")},
                {"center", true},
                {"scale", true}};
    for (const char* w : {"gamma", "beta", "moving_mean", "moving_variance"}) weight(n, l, w, w);
    return add(std::move(n));
}

std::string KerasGraph::layerNorm(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "LayerNormalization");
    // axis time: over the time steps of each channel, Keras's axis 1 of (T, C).
    n.config = {{"axis", l.param("axis") == "time" ? 1 : -1},
                {"epsilon", l.param("epsilon")},
                {"center", true},
                {"scale", true}};
    weight(n, l, "gamma", "gamma");
    weight(n, l, "beta", "beta");
    return add(std::move(n));
}

std::string KerasGraph::dropout(const ExportLayer& l, const std::string& x) {
    // As byom trains it: whole channels of a (T, C) sample (spatial), or whole samples
    // (per_sample: a noise shape of one draw per sample), else each value.
    const bool spatial = l.spec.params.value("spatial", false) && l.input.rank() == 2;
    KerasNode n = node(l, x, spatial ? "SpatialDropout1D" : "Dropout");
    n.config = {{"rate", l.param("rate")}};
    if (l.spec.params.value("per_sample", false)) {
        json shape = json::array({nullptr});
        for (std::size_t d = 0; d < l.input.dims.size(); ++d) shape.push_back(1);
        n.config["noise_shape"] = shape;
    }
    return add(std::move(n));
}

std::string KerasGraph::flatten(const ExportLayer& l, const std::string& x) {
    // Nothing to flatten in a (F) input; TF.js's Flatten refuses inputs of rank 2.
    if (l.input.rank() == 1 && m_flavor == Flavor::Tfjs) return x;
    KerasNode n = node(l, x, "Flatten");
    if (m_flavor == Flavor::Keras3) n.config = {{"data_format", "channels_last"}};
    return add(std::move(n));
}

std::string KerasGraph::reshape(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "Reshape");
    n.config = {{"target_shape", dimsOf(l.output)}};
    return add(std::move(n));
}

std::string KerasGraph::upsampling1d(const ExportLayer& l, const std::string& x) {
    const Index size = l.param("size").get<Index>();
    if (m_flavor == Flavor::Keras3) {
        KerasNode n = node(l, x, "UpSampling1D");
        n.config = {{"size", size}};
        return add(std::move(n));
    }
    KerasNode n = node(l, x, "UpSampling2D");
    n.config = {
        {"size", {size, 1}}, {"interpolation", "nearest"}, {"data_format", "channels_last"}};
    return via2d(std::move(n), l, x);
}

std::string KerasGraph::activation(const ExportLayer& l, const std::string& x) {
    // The activation's layers take the layer's name.
    return activationLayers(x, dimsOf(l.output), l.activation.act, l.activation.alpha, l.name);
}

std::string KerasGraph::architecture(const ExportLayer& l, const std::string& x) {
    return emitSequence(l.children, x);
}

std::string KerasGraph::residual(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "Add");
    const std::string inner = emitSequence(l.children, x);
    std::string skip = x;
    if (l.projected) {
        KerasNode p;
        p.name = unique(l.name + "_projection");
        p.inbound = {x};
        p.outShape = n.outShape;
        if (l.input.rank() == 1) {
            p.className = "Dense";
            p.config = {{"units", l.output[0]}, {"activation", "linear"}, {"use_bias", true}};
        } else {
            p.className = "Conv1D";
            p.config = {{"filters", l.output[1]},
                        {"kernel_size", {1}},
                        {"strides", {l.projection.stride}},
                        {"padding", "same"},
                        {"dilation_rate", {1}},
                        {"activation", "linear"},
                        {"use_bias", true},
                        {"data_format", "channels_last"}};
        }
        weight(p, l, "kernel", "projection.kernel");
        weight(p, l, "bias", "projection.bias");
        skip = add(std::move(p));
    }
    n.inbound = {inner, skip};
    const std::string sum = add(std::move(n));
    return activationLayers(sum, dimsOf(l.output), l.activation.act, l.activation.alpha,
                            l.name + "_activation");
}

std::string KerasGraph::concatSkip(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "Concatenate");
    n.config = {{"axis", -1}};
    n.inbound = {emitSequence(l.children, x), x};  // the inner channels first
    return add(std::move(n));
}

std::string KerasGraph::branchSum(const ExportLayer& l, const std::string& x) {
    std::vector<std::string> ys;
    for (const std::vector<ExportLayer>& copy : l.copies()) ys.push_back(emitSequence(copy, x));
    if (ys.size() == 1) return ys[0];
    KerasNode n = node(l, x, "Add");
    n.inbound = ys;
    return add(std::move(n));
}

std::string KerasGraph::squeezeExcite(const ExportLayer& l, const std::string& x) {
    KerasNode n = node(l, x, "Multiply");
    const Index c = l.input[1];
    std::string y = add(globalAvgPool(unique(l.name + "_pool"), x, {c}));
    for (const std::string part : {"squeeze", "excite"}) {
        const bool sq = part == "squeeze";
        KerasNode d;
        d.className = "Dense";
        d.name = unique(l.name + "_" + part);
        d.inbound = {y};
        weight(d, l, "kernel", part + ".kernel");
        weight(d, l, "bias", part + ".bias");
        const Index units = sq ? squeezeUnits(c, l.param("ratio").get<double>()) : c;
        d.outShape = {units};
        d.config = {{"units", units}, {"use_bias", true}};
        const Act a = parseActivation(
            l.param(sq ? "squeeze_activation" : "excite_activation").get<std::string>());
        y = addWithActivation(std::move(d), a, 0.2);
    }
    KerasNode r;
    r.className = "Reshape";
    r.name = unique(l.name + "_gate");
    r.inbound = {y};
    r.outShape = {1, c};
    r.config = {{"target_shape", r.outShape}};
    const std::string gate = add(std::move(r));
    n.inbound = {x, gate};
    return add(std::move(n));
}

const KindTable<KerasGraph::Emit>& KerasGraph::kinds() {
    // keras-json and tfjs write the same graph (in their flavours): one table for both.
    using Table = KindTable<Emit>;
    static const Table table({
        Table::emits("dense", &KerasGraph::dense),
        Table::emits("conv1d", &KerasGraph::conv1d),
        Table::emits("depthwise_conv1d", &KerasGraph::depthwiseConv1d),
        Table::emits("separable_conv1d", &KerasGraph::separableConv1d),
        Table::emits("activation", &KerasGraph::activation),
        Table::emits("max_pool1d", &KerasGraph::maxPool1d),
        Table::emits("avg_pool1d", &KerasGraph::avgPool1d),
        Table::emits("global_avg_pool1d", &KerasGraph::globalAvgPool1d),
        Table::emits("global_max_pool1d", &KerasGraph::globalMaxPool1d),
        Table::emits("batch_norm", &KerasGraph::batchNorm),
        Table::emits("layer_norm", &KerasGraph::layerNorm),
        Table::emits("dropout", &KerasGraph::dropout),
        Table::emits("flatten", &KerasGraph::flatten),
        Table::emits("reshape", &KerasGraph::reshape),
        Table::emits("upsampling1d", &KerasGraph::upsampling1d),
        Table::emits("residual", &KerasGraph::residual),
        Table::emits("squeeze_excite", &KerasGraph::squeezeExcite),
        Table::emits("concat_skip", &KerasGraph::concatSkip),
        Table::emits("branch_sum", &KerasGraph::branchSum),
        Table::emits("architecture", &KerasGraph::architecture),
    });
    return table;
}

}  // namespace byom
