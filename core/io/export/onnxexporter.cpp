#include "core/io/export/onnxexporter.h"

#include <cmath>

#include "core/io/export/exportutil.h"
#include "core/io/export/kindtable.h"
#include "core/io/export/onnxgraph.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

constexpr std::int64_t kOpset = 17;
constexpr std::int64_t kIrVersion = 8;
// SELU's constants, written explicitly (the ONNX defaults are float roundings of these).
constexpr float kSeluAlpha = 1.6732632423543772f;
constexpr float kSeluGamma = 1.0507009873554805f;

/// A value in the graph. Sequences are channels-last (N, L, C) as the model's input is, or
/// (N, C, L) after a convolution or pooling (ncl); Transpose nodes are added only when a
/// layer needs the other layout, so a run of convolutions stays in ONNX's layout.
struct Value {
    std::string name;
    bool ncl = false;
};

using Layers = std::vector<ExportLayer>;

Value transpose(OnnxGraph& g, const Value& v, bool toNcl, const std::string& hint) {
    if (v.ncl == toNcl) return v;
    std::string out;
    OnnxGraph::setInts(g.node("Transpose", {v.name}, hint, out), "perm", {0, 2, 1});
    return {out, toNcl};
}

/// Transposes to channels-last when `v` is a sequence in (N, C, L).
Value nlc(OnnxGraph& g, const Value& v, const std::string& hint) {
    return transpose(g, v, false, hint);
}
Value ncl(OnnxGraph& g, const Value& v, const std::string& hint) {
    return transpose(g, v, true, hint);
}

std::string scalar(OnnxGraph& g, const std::string& hint, float v) {
    return g.constant(hint, {}, {v});
}

Value activation(OnnxGraph& g, Value v, const ExportActivation& a, const std::string& hint) {
    std::string out;
    switch (a.act) {
        case Act::Linear:
            return v;
        case Act::Relu:
            return {g.op("Relu", {v.name}, hint), v.ncl};
        case Act::Relu6:
            return {g.op("Clip",
                         {v.name, scalar(g, hint + "/min", 0.0f), scalar(g, hint + "/max", 6.0f)},
                         hint),
                    v.ncl};
        case Act::LeakyRelu:
            OnnxGraph::setFloat(g.node("LeakyRelu", {v.name}, hint, out), "alpha",
                                static_cast<float>(a.alpha));
            return {out, v.ncl};
        case Act::Elu:
            OnnxGraph::setFloat(g.node("Elu", {v.name}, hint, out), "alpha",
                                static_cast<float>(a.alpha));
            return {out, v.ncl};
        case Act::Selu: {
            onnx::NodeProto& n = g.node("Selu", {v.name}, hint, out);
            OnnxGraph::setFloat(n, "alpha", kSeluAlpha);
            OnnxGraph::setFloat(n, "gamma", kSeluGamma);
            return {out, v.ncl};
        }
        case Act::Gelu: {
            // Exact GELU (Gelu is an operator only from opset 20): x * 0.5 * (1 + erf(x / sqrt 2)).
            const std::string scaled = g.op(
                "Mul",
                {v.name, scalar(g, hint + "/inv_sqrt2", static_cast<float>(1.0 / std::sqrt(2.0)))},
                hint);
            const std::string erf = g.op("Erf", {scaled}, hint);
            const std::string onePlus = g.op("Add", {erf, scalar(g, hint + "/one", 1.0f)}, hint);
            const std::string half = g.op("Mul", {onePlus, scalar(g, hint + "/half", 0.5f)}, hint);
            return {g.op("Mul", {v.name, half}, hint), v.ncl};
        }
        case Act::Swish:
            return {g.op("Mul", {v.name, g.op("Sigmoid", {v.name}, hint)}, hint), v.ncl};
        case Act::HardSwish:
            return {g.op("HardSwish", {v.name}, hint), v.ncl};
        case Act::Sigmoid:
            return {g.op("Sigmoid", {v.name}, hint), v.ncl};
        case Act::HardSigmoid: {
            // relu6(x + 3) / 6 as Keras 3 defines it (ONNX's default alpha is 0.2).
            onnx::NodeProto& n = g.node("HardSigmoid", {v.name}, hint, out);
            OnnxGraph::setFloat(n, "alpha", 1.0f / 6.0f);
            OnnxGraph::setFloat(n, "beta", 0.5f);
            return {out, v.ncl};
        }
        case Act::Tanh:
            return {g.op("Tanh", {v.name}, hint), v.ncl};
        case Act::Softmax: {
            // Over the last axis of the channels-last value, as the engine computes it.
            const Value x = nlc(g, v, hint);
            OnnxGraph::setInt(g.node("Softmax", {x.name}, hint, out), "axis", -1);
            return {out, false};
        }
    }
    return v;
}

/// Gemm with transB = 1: y = x W^T + b with W [out, in] (the Keras kernel transposed).
std::string gemm(OnnxGraph& g, const std::string& x, const ExportTensor& kernel,
                 const ExportTensor* bias, const std::string& hint) {
    const Index in = kernel.shape[0];
    const Index units = kernel.shape[1];
    std::vector<std::string> inputs = {
        x, g.constant(hint + "/W", {units, in}, transposed(kernel.data, in, units))};
    if (bias) inputs.push_back(g.constant(hint + "/B", {units}, bias->data));
    std::string out;
    onnx::NodeProto& n = g.node("Gemm", inputs, hint, out);
    OnnxGraph::setInt(n, "transB", 1);
    return out;
}

/// Conv over an (N, C, L) value. `weights` is already [F, C / group, k].
Value conv(OnnxGraph& g, const Value& x, const std::vector<Index>& dims, std::vector<float> weights,
           const ExportTensor* bias, const ExportWindow& w, Index group, const std::string& hint) {
    std::vector<std::string> inputs = {x.name, g.constant(hint + "/W", dims, weights)};
    if (bias) inputs.push_back(g.constant(hint + "/B", {dims[0]}, bias->data));
    std::string out;
    onnx::NodeProto& n = g.node("Conv", inputs, hint, out);
    OnnxGraph::setInts(n, "kernel_shape", {w.kernel});
    OnnxGraph::setInts(n, "strides", {w.stride});
    OnnxGraph::setInts(n, "dilations", {w.dilation});
    OnnxGraph::setInts(n, "pads", {w.padLeft, w.padRight});
    OnnxGraph::setInt(n, "group", group);
    return {out, true};
}

/// A Keras (k, C, X) kernel in ONNX's [outputs, inputs per group, k] order. A conv's output
/// channel x reads every input channel: [X, C, k]. A depthwise conv's output channel c * X + x
/// reads only channel c: [C * X, 1, k].
std::vector<float> onnxKernel(const ExportTensor& k, bool depthwise) {
    const Index taps = k.shape[0], c = k.shape[1], x = k.shape[2];
    std::vector<float> w(k.data.size());
    for (Index j = 0; j < taps; ++j)
        for (Index ci = 0; ci < c; ++ci)
            for (Index xi = 0; xi < x; ++xi) {
                const Index row = depthwise ? ci * x + xi : xi * c + ci;
                w[static_cast<std::size_t>(row * taps + j)] =
                    k.data[static_cast<std::size_t>((j * c + ci) * x + xi)];
            }
    return w;
}

const ExportTensor* optional(const ExportLayer& l, const std::string& key) {
    return l.hasTensor(key) ? &l.tensor(key) : nullptr;
}

Value emitSequence(OnnxGraph& g, const Layers& layers, Value x);

// One function per layer kind (the table below says which writes which): each adds the
// layer's nodes reading `x` and returns the layer's output.

Value dense(OnnxGraph& g, const ExportLayer& l, Value x) {
    const Value y{gemm(g, x.name, l.tensor("kernel"), optional(l, "bias"), l.name), false};
    return activation(g, y, l.activation, l.name);
}

Value conv1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const ExportTensor& kernel = l.tensor("kernel");
    const Value y = conv(g, ncl(g, x, h), {kernel.shape[2], kernel.shape[1], kernel.shape[0]},
                         onnxKernel(kernel, false), optional(l, "bias"), l.window, 1, h);
    return activation(g, y, l.activation, h);
}

/// depthwise_conv1d, and the depthwise half of separable_conv1d (without its bias).
Value depthwise(OnnxGraph& g, const ExportLayer& l, Value x, const ExportTensor& dk,
                const ExportTensor* bias) {
    const Index c = dk.shape[1] * dk.shape[2];
    return conv(g, ncl(g, x, l.name), {c, 1, dk.shape[0]}, onnxKernel(dk, true), bias, l.window,
                dk.shape[1], l.name);
}

Value depthwiseConv1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    const Value y = depthwise(g, l, x, l.tensor("kernel"), optional(l, "bias"));
    return activation(g, y, l.activation, l.name);
}

Value separableConv1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    const ExportTensor& dk = l.tensor("depthwise_kernel");
    const Value d = depthwise(g, l, x, dk, nullptr);
    const ExportTensor& pk = l.tensor("pointwise_kernel");
    const Index c = dk.shape[1] * dk.shape[2], f = pk.shape[2];
    const Value y = conv(g, d, {f, c, 1}, transposed(pk.data, c, f), optional(l, "bias"),
                         ExportWindow{}, 1, l.name + "/pointwise");
    return activation(g, y, l.activation, l.name);
}

Value pool(OnnxGraph& g, const ExportLayer& l, Value x, bool avg) {
    std::string out;
    onnx::NodeProto& n =
        g.node(avg ? "AveragePool" : "MaxPool", {ncl(g, x, l.name).name}, l.name, out);
    OnnxGraph::setInts(n, "kernel_shape", {l.window.kernel});
    OnnxGraph::setInts(n, "strides", {l.window.stride});
    OnnxGraph::setInts(n, "pads", {l.window.padLeft, l.window.padRight});
    // Keras averages only the valid positions of a window that overlaps the padding.
    if (avg) OnnxGraph::setInt(n, "count_include_pad", 0);
    return {out, true};
}
Value maxPool1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    return pool(g, l, x, false);
}
Value avgPool1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    return pool(g, l, x, true);
}

Value globalPool(OnnxGraph& g, const ExportLayer& l, Value x, const char* op) {
    std::string out;
    onnx::NodeProto& n = g.node(op, {x.name}, l.name, out);
    OnnxGraph::setInts(n, "axes", {x.ncl ? 2 : 1});
    OnnxGraph::setInt(n, "keepdims", 0);
    return {out, false};
}
Value globalAvgPool1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    return globalPool(g, l, x, "ReduceMean");
}
Value globalMaxPool1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    return globalPool(g, l, x, "ReduceMax");
}

Value batchNorm(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const Value in = l.input.rank() == 2 ? ncl(g, x, h) : x;
    const Index c = l.input.dims.back();
    std::string out;
    onnx::NodeProto& n =
        g.node("BatchNormalization",
               {in.name, g.constant(h + "/gamma", {c}, l.tensor("gamma").data),
                g.constant(h + "/beta", {c}, l.tensor("beta").data),
                g.constant(h + "/moving_mean", {c}, l.tensor("moving_mean").data),
                g.constant(h + "/moving_variance", {c}, l.tensor("moving_variance").data)},
               h, out);
    OnnxGraph::setFloat(n, "epsilon", l.param("epsilon").get<float>());
    OnnxGraph::setFloat(n, "momentum", l.param("momentum").get<float>());
    return {out, in.ncl};
}

Value layerNorm(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    if (l.param("axis") == "time") {
        // Over time per channel: LayerNormalization over the last axis of (N, C, L).
        const Value in = ncl(g, x, h);
        const Index len = l.input[0];
        std::string out;
        onnx::NodeProto& n =
            g.node("LayerNormalization",
                   {in.name, g.constant(h + "/gamma", {len}, l.tensor("gamma").data),
                    g.constant(h + "/beta", {len}, l.tensor("beta").data)},
                   h, out);
        OnnxGraph::setInt(n, "axis", -1);
        OnnxGraph::setFloat(n, "epsilon", l.param("epsilon").get<float>());
        return {out, true};
    }
    const Value in = nlc(g, x, h);
    const Index c = l.input.dims.back();
    std::string out;
    onnx::NodeProto& n = g.node("LayerNormalization",
                                {in.name, g.constant(h + "/gamma", {c}, l.tensor("gamma").data),
                                 g.constant(h + "/beta", {c}, l.tensor("beta").data)},
                                h, out);
    OnnxGraph::setInt(n, "axis", -1);
    OnnxGraph::setFloat(n, "epsilon", l.param("epsilon").get<float>());
    return {out, false};
}

Value identity(OnnxGraph&, const ExportLayer&, Value x) {
    return x;  // dropout: the identity at inference
}

Value flatten(OnnxGraph& g, const ExportLayer& l, Value x) {
    if (l.input.rank() != 2) return x;
    std::string out;
    OnnxGraph::setInt(g.node("Flatten", {nlc(g, x, l.name).name}, l.name, out), "axis", 1);
    return {out, false};
}

/// Reshapes a channels-last value to the layer's output shape.
Value reshapeTo(OnnxGraph& g, const ExportLayer& l, const std::string& in) {
    std::vector<std::int64_t> shape = {0};  // 0: keep the batch dimension
    for (Index d : l.output.dims) shape.push_back(d);
    return {g.op("Reshape", {in, g.constantInt64(l.name + "/shape", shape)}, l.name), false};
}

Value reshape(OnnxGraph& g, const ExportLayer& l, Value x) {
    return reshapeTo(g, l, nlc(g, x, l.name).name);
}

Value upsampling1d(OnnxGraph& g, const ExportLayer& l, Value x) {
    // (N, L, C) -> (N, L, 1, C) -> tiled (N, L, size, C) -> (N, L * size, C).
    const std::string& h = l.name;
    const std::int64_t size = l.param("size").get<std::int64_t>();
    const std::string u =
        g.op("Unsqueeze", {nlc(g, x, h).name, g.constantInt64(h + "/axes", {2})}, h);
    return reshapeTo(g, l, g.op("Tile", {u, g.constantInt64(h + "/repeats", {1, 1, size, 1})}, h));
}

Value activationLayer(OnnxGraph& g, const ExportLayer& l, Value x) {
    return activation(g, x, l.activation, l.name);
}

Value architecture(OnnxGraph& g, const ExportLayer& l, Value x) {
    return emitSequence(g, l.children, x);
}

Value residual(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const bool seq = l.input.rank() == 2;
    const Value y = emitSequence(g, l.children, x);
    Value skip = x;
    if (l.projected) {
        const ExportTensor& pk = l.tensor("projection.kernel");
        const ExportTensor* pb = optional(l, "projection.bias");
        if (!seq) {
            skip = {gemm(g, x.name, pk, pb, h + "/projection"), false};
        } else {
            const Index c = pk.shape[1], f = pk.shape[2];
            skip = conv(g, ncl(g, x, h), {f, c, 1}, transposed(pk.data, c, f), pb, l.projection, 1,
                        h + "/projection");
        }
    }
    if (seq) skip = transpose(g, skip, y.ncl, h);
    const Value sum{g.op("Add", {y.name, skip.name}, h), y.ncl};
    return activation(g, sum, l.activation, h);
}

Value concatSkip(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const Value y = emitSequence(g, l.children, x);
    // Both in the inner output's layout; channels are axis 1 in (N, C, L), the last otherwise.
    const Value skip = l.input.rank() == 2 ? transpose(g, x, y.ncl, h) : x;
    std::string out;
    OnnxGraph::setInt(g.node("Concat", {y.name, skip.name}, h, out), "axis", y.ncl ? 1 : -1);
    return {out, y.ncl};
}

Value branchSum(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    std::vector<Value> ys;
    for (const std::vector<ExportLayer>& copy : l.copies()) ys.push_back(emitSequence(g, copy, x));
    if (ys.size() == 1) return ys[0];
    // Every copy's output in the first one's layout, then one Sum.
    std::vector<std::string> names;
    for (const Value& y : ys)
        names.push_back(l.output.rank() == 2 ? transpose(g, y, ys[0].ncl, h).name : y.name);
    return {g.op("Sum", names, h), ys[0].ncl};
}

Value squeezeExcite(OnnxGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const Value in = nlc(g, x, h);
    std::string out;
    onnx::NodeProto& n = g.node("ReduceMean", {in.name}, h, out);
    OnnxGraph::setInts(n, "axes", {1});
    OnnxGraph::setInt(n, "keepdims", 0);
    const auto act = [&](const char* key) {
        return ExportActivation{parseActivation(l.param(key).get<std::string>()), 0.2};
    };
    const std::string hidden =
        activation(
            g,
            {gemm(g, out, l.tensor("squeeze.kernel"), optional(l, "squeeze.bias"), h + "/squeeze"),
             false},
            act("squeeze_activation"), h)
            .name;
    const std::string gate =
        activation(
            g,
            {gemm(g, hidden, l.tensor("excite.kernel"), optional(l, "excite.bias"), h + "/excite"),
             false},
            act("excite_activation"), h)
            .name;
    const std::string gate3 = g.op("Unsqueeze", {gate, g.constantInt64(h + "/axes", {1})}, h);
    return {g.op("Mul", {in.name, gate3}, h), false};
}

using Emit = Value (*)(OnnxGraph&, const ExportLayer&, Value);
using Table = KindTable<Emit>;

/// What the ONNX format does with each layer kind.
const Table& kinds() {
    static const Table table({
        Table::emits("dense", dense),
        Table::emits("conv1d", conv1d),
        Table::emits("depthwise_conv1d", depthwiseConv1d),
        Table::emits("separable_conv1d", separableConv1d),
        Table::emits("activation", activationLayer),
        Table::emits("max_pool1d", maxPool1d),
        Table::emits("avg_pool1d", avgPool1d),
        Table::emits("global_avg_pool1d", globalAvgPool1d),
        Table::emits("global_max_pool1d", globalMaxPool1d),
        Table::emits("batch_norm", batchNorm),
        Table::emits("layer_norm", layerNorm),
        Table::emits("dropout", identity),
        Table::emits("flatten", flatten),
        Table::emits("reshape", reshape),
        Table::emits("upsampling1d", upsampling1d),
        Table::emits("residual", residual),
        Table::emits("squeeze_excite", squeezeExcite),
        Table::emits("concat_skip", concatSkip),
        Table::emits("branch_sum", branchSum),
        Table::emits("architecture", architecture),
    });
    return table;
}

Value emitSequence(OnnxGraph& g, const Layers& layers, Value x) {
    for (const ExportLayer& l : layers) x = kinds().emitter(l, "onnx")(g, l, x);
    return x;
}

}  // namespace

std::string OnnxExporter::toBytes(const ExportModel& model) {
    if (!model.hasWeights())
        throw Error("onnx: needs a trained model with weights (--model M.json)");
    kinds().check(model.layers(), "onnx");
    OnnxGraph g(model.name(), kOpset, kIrVersion);
    g.addInput("input", model.inputShape().dims);
    Value x{"input", false};
    // x = (x op1 a) op2 b with one a and b per feature or channel, broadcast over the last axis.
    const auto perGroup = [&](const std::string& name, const char* op1, const char* a,
                              const std::vector<double>& av, const char* op2, const char* b,
                              const std::vector<double>& bv) {
        const auto constant = [&](const char* key, const std::vector<double>& v) {
            return g.constant(name + "/" + key, {static_cast<Index>(v.size())},
                              std::vector<float>(v.begin(), v.end()));
        };
        x.name = g.op(op1, {x.name, constant(a, av)}, name);
        x.name = g.op(op2, {x.name, constant(b, bv)}, name);
    };
    // x' = (x - center) / scale.
    if (model.hasNormalization())
        perGroup("normalization", "Sub", "center", model.normCenter(), "Div", "scale",
                 model.normScale());
    x = emitSequence(g, model.layers(), x);
    if (model.outputShape().rank() == 2) x = nlc(g, x, "output");
    // y = output * scale + center: the targets' standardisation undone.
    if (model.hasTargetScaling())
        perGroup("target_scaling", "Mul", "scale", model.targetScale(), "Add", "center",
                 model.targetCenter());
    g.identity(x.name, "output");
    g.addOutput("output", model.outputShape().dims);
    return g.serialize();
}

KindSupport OnnxExporter::supports(const std::string& kind) const {
    return kinds().supports(kind);
}

void OnnxExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toBytes(model));
}

}  // namespace byom
