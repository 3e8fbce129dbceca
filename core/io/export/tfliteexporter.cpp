#include "core/io/export/tfliteexporter.h"

#include <cmath>

#include "core/io/export/clowering.h"
#include "core/io/export/exportutil.h"
#include "core/io/export/kindtable.h"
#include "core/io/export/tflitegraph.h"
#include "core/io/export/tfliteint8.h"
#include "core/io/export/tfliteops.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

using tfl::Builtin;
using namespace tflite;

/// A value of the graph: its tensor and, when the operator that wrote it is linear (a
/// FULLY_CONNECTED or convolution without activation) and nothing else reads it, that
/// operator (a following BatchNorm folds into its weights). Sequences are (1, L, C), or
/// (1, 1, L, C) after a convolution or pooling; RESHAPEs are added only where a layer needs
/// the other rank, so a run of convolutions stays in NHWC.
struct Value {
    int tensor = -1;
    int foldOp = -1;
};

/// The operator's output after the activation it did not fuse; foldable when linear.
Value finish(TfliteGraph& g, int op, int out, const ExportActivation& a, const std::string& hint) {
    if (a.act == Act::Linear) return {out, op};
    if (fusable(a.act) != tfl::Fused::None) return {out, -1};
    return {activation(g, out, a, hint), -1};
}

std::vector<float> biasOr0(const ExportTensor* bias, Index n) {
    return bias ? bias->data : std::vector<float>(static_cast<std::size_t>(n), 0.0f);
}

const ExportTensor* optional(const ExportLayer& l, const std::string& key) {
    return l.hasTensor(key) ? &l.tensor(key) : nullptr;
}

/// FULLY_CONNECTED on a (1, in) value; `kernel` is Keras's (in, units).
Value fullyConnected(TfliteGraph& g, int x, const ExportTensor& kernel, const ExportTensor* bias,
                     const ExportActivation& a, const std::string& hint) {
    const Index in = kernel.shape[0], units = kernel.shape[1];
    const int w = g.constant(hint + "/weights",
                             {static_cast<std::int32_t>(units), static_cast<std::int32_t>(in)},
                             transposed(kernel.data, in, units));
    const int b =
        g.constant(hint + "/bias", {static_cast<std::int32_t>(units)}, biasOr0(bias, units));
    const int out = fresh(g, hint, {1, static_cast<std::int32_t>(units)});
    const int op =
        g.add(Builtin::FullyConnected, {x, w, b}, {out},
              Options(tfl::options::FullyConnected)
                  .i8(tfl::fullyConnected::fused, static_cast<std::int8_t>(fusable(a.act))));
    return finish(g, op, out, a, hint);
}

/// CONV_2D (or DEPTHWISE_CONV_2D with `multiplier` > 0) over the width of (1, 1, L, C), the
/// padding explicit (zeros, as the engine pads), the window's stride and dilation. `filter`
/// is already in TFLite's order: [F, 1, K, C] for CONV_2D, [1, 1, K, C * M] depthwise.
Value conv(TfliteGraph& g, int x, const ExportWindow& w, std::int32_t filters,
           const std::vector<float>& filter, const std::vector<float>& bias, Index multiplier,
           const ExportActivation& a, const std::string& hint) {
    const int in = padWidth(g, nhwc(g, x, hint), w.padLeft, w.padRight, hint);
    const Dims s = g.shape(in);
    const std::int32_t k = static_cast<std::int32_t>(w.kernel);
    const Dims fshape = multiplier > 0 ? Dims{1, 1, k, filters} : Dims{filters, 1, k, s[3]};
    const int wt = g.constant(hint + "/filter", fshape, filter);
    const int b = g.constant(hint + "/bias", {filters}, bias);
    const std::int32_t span = static_cast<std::int32_t>((w.kernel - 1) * w.dilation + 1);
    const std::int32_t len = (s[2] - span) / static_cast<std::int32_t>(w.stride) + 1;
    const int out = fresh(g, hint, {1, 1, len, filters});
    const int op = convOp(g, {in, wt, b}, out, tfl::Padding::Valid, w.stride, w.dilation,
                          multiplier, fusable(a.act));
    return finish(g, op, out, a, hint);
}

/// A Keras (K, C, F) conv kernel as TFLite's [F, 1, K, C].
std::vector<float> convFilter(const ExportTensor& k) {
    const Index taps = k.shape[0], c = k.shape[1], f = k.shape[2];
    std::vector<float> w(k.data.size());
    for (Index j = 0; j < taps; ++j)
        for (Index ci = 0; ci < c; ++ci)
            for (Index fi = 0; fi < f; ++fi)
                w[static_cast<std::size_t>((fi * taps + j) * c + ci)] =
                    k.data[static_cast<std::size_t>((j * c + ci) * f + fi)];
    return w;
}

Value emitSequence(TfliteGraph& g, const std::vector<ExportLayer>& layers, Value x);

// One function per layer kind (the table below says which writes which): each adds the
// layer's operators reading `x` and returns the layer's output.

Value dense(TfliteGraph& g, const ExportLayer& l, Value x) {
    return fullyConnected(g, x.tensor, l.tensor("kernel"), optional(l, "bias"), l.activation,
                          l.name);
}

Value conv1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    const ExportTensor& k = l.tensor("kernel");
    const Index f = k.shape[2];
    return conv(g, x.tensor, l.window, static_cast<std::int32_t>(f), convFilter(k),
                biasOr0(optional(l, "bias"), f), 0, l.activation, l.name);
}

Value depthwiseConv1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    // Keras's (K, C, M) depthwise kernel is TFLite's [1, 1, K, C * M] in the same order.
    const ExportTensor& k = l.tensor("kernel");
    const Index cm = k.shape[1] * k.shape[2];
    return conv(g, x.tensor, l.window, static_cast<std::int32_t>(cm), k.data,
                biasOr0(optional(l, "bias"), cm), k.shape[2], l.activation, l.name);
}

Value separableConv1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    const ExportTensor& dk = l.tensor("depthwise_kernel");
    const Index cm = dk.shape[1] * dk.shape[2];
    const Value d =
        conv(g, x.tensor, l.window, static_cast<std::int32_t>(cm), dk.data, biasOr0(nullptr, cm),
             dk.shape[2], ExportActivation{}, l.name + "/depthwise");
    const ExportTensor& pk = l.tensor("pointwise_kernel");
    const Index f = pk.shape[2];
    return conv(g, d.tensor, ExportWindow{}, static_cast<std::int32_t>(f),
                transposed(pk.data, cm, f), biasOr0(optional(l, "bias"), f), 0, l.activation,
                l.name);
}

Value pool(TfliteGraph& g, const ExportLayer& l, Value x, Builtin code) {
    const ExportWindow& w = l.window;
    if ((w.padLeft != 0 || w.padRight != 0) && !w.same)
        throw Error("tflite: cannot export " + l.describe() +
                    ": a pooling window with explicit padding that is not \"same\"");
    return {pool2d(g, x.tensor, code, w.kernel, w.stride, w.same, l.output[0], l.name), -1};
}
Value maxPool1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    return pool(g, l, x, Builtin::MaxPool2d);
}
Value avgPool1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    return pool(g, l, x, Builtin::AveragePool2d);
}

/// A pooling window over the whole length, then (1, C).
Value globalPool(TfliteGraph& g, const ExportLayer& l, Value x, Builtin code) {
    const Index len = l.input[0], c = l.input[1];
    const int y = pool2d(g, x.tensor, code, len, 1, false, 1, l.name);
    return {reshape(g, y, {1, static_cast<std::int32_t>(c)}, l.name), -1};
}
Value globalAvgPool1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    return globalPool(g, l, x, Builtin::AveragePool2d);
}
Value globalMaxPool1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    return globalPool(g, l, x, Builtin::MaxPool2d);
}

/// Scales the output channels of the linear operator `op` by `scale` and adds `shift`
/// (weights inputs[1], bias inputs[2]).
void foldInto(TfliteGraph& g, int op, const std::vector<double>& scale,
              const std::vector<double>& shift) {
    const TfliteGraph::Operator& o = g.op(op);
    const int wt = o.inputs[1], bt = o.inputs[2];
    std::vector<float> w = g.values(wt), b = g.values(bt);
    const std::size_t channels = scale.size();
    // FULLY_CONNECTED [O, I] and CONV_2D [O, 1, K, I]: rows per output channel; depthwise
    // [1, 1, K, O]: the output channel runs fastest.
    const bool rows = o.code != Builtin::DepthwiseConv2d;
    const std::size_t per = w.size() / channels;
    for (std::size_t e = 0; e < w.size(); ++e)
        w[e] = static_cast<float>(double(w[e]) * scale[rows ? e / per : e % channels]);
    for (std::size_t q = 0; q < channels; ++q)
        b[q] = static_cast<float>(double(b[q]) * scale[q] + shift[q]);
    g.setValues(wt, w);
    g.setValues(bt, b);
}

Value batchNorm(TfliteGraph& g, const ExportLayer& l, Value x) {
    const ChannelAffine a = batchNormAffine(l);
    if (x.foldOp >= 0) {
        foldInto(g, x.foldOp, a.scale, a.shift);
        return x;
    }
    return {affine(g, x.tensor, a.scale, a.shift, l.name), -1};
}

Value layerNorm(TfliteGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const double eps = l.param("epsilon").get<double>();
    const std::vector<float>& gamma = l.tensor("gamma").data;
    const std::vector<float>& beta = l.tensor("beta").data;
    if (l.param("axis") == "time") {
        // Over time per channel: the last axis of (1, C, L), gamma and beta per time step.
        const int t = transpose(g, seq3(g, x.tensor, h), h);
        return {transpose(g, normalizeLast(g, t, eps, gamma, beta, h), h), -1};
    }
    return {normalizeLast(g, x.tensor, eps, gamma, beta, h), -1};
}

Value identity(TfliteGraph&, const ExportLayer&, Value x) {
    return x;  // dropout: the identity at inference
}

/// flatten and reshape: the same values in the same (channels-last) order, reshaped.
Value reshapeLayer(TfliteGraph& g, const ExportLayer& l, Value x) {
    return {reshape(g, seq3(g, x.tensor, l.name), dims(l.output.dims), l.name), -1};
}

Value upsampling1d(TfliteGraph& g, const ExportLayer& l, Value x) {
    // (1, L, C) -> (1, L, 1, C) -> `size` copies along axis 2 -> (1, L * size, C).
    const std::string& h = l.name;
    const std::int32_t len = static_cast<std::int32_t>(l.input[0]);
    const std::int32_t c = static_cast<std::int32_t>(l.input[1]);
    const std::int32_t n = l.param("size").get<std::int32_t>();
    const int u = reshape(g, seq3(g, x.tensor, h), {1, len, 1, c}, h);
    const int copies = fresh(g, h, {1, len, n, c});
    g.add(Builtin::Concatenation, std::vector<int>(static_cast<std::size_t>(n), u), {copies},
          Options(tfl::options::Concatenation)
              .i32(tfl::concatenation::axis, 2)
              .i8(tfl::concatenation::fused, 0));
    return {reshape(g, copies, {1, len * n, c}, h), -1};
}

Value activationLayer(TfliteGraph& g, const ExportLayer& l, Value x) {
    return {activation(g, x.tensor, l.activation, l.name), -1};
}

Value architecture(TfliteGraph& g, const ExportLayer& l, Value x) {
    return emitSequence(g, l.children, x);
}

Value residual(TfliteGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    // The skip reads the block's input too: nothing folds into the operator that wrote it.
    const Value in{x.tensor, -1};
    const Value y = emitSequence(g, l.children, in);
    int skip = in.tensor;
    if (l.projected) {
        const ExportTensor& pk = l.tensor("projection.kernel");
        const ExportTensor* pb = optional(l, "projection.bias");
        if (l.input.rank() == 1) {
            skip =
                fullyConnected(g, in.tensor, pk, pb, ExportActivation{}, h + "/projection").tensor;
        } else {
            const Index c = pk.shape[1], f = pk.shape[2];
            ExportWindow w = l.projection;
            w.kernel = 1;
            w.dilation = 1;
            skip = conv(g, in.tensor, w, static_cast<std::int32_t>(f), transposed(pk.data, c, f),
                        biasOr0(pb, f), 0, ExportActivation{}, h + "/projection")
                       .tensor;
        }
    }
    int inner = y.tensor;
    if (g.shape(inner).size() != g.shape(skip).size()) {
        inner = seq3(g, inner, h);
        skip = seq3(g, skip, h);
    }
    return {activation(g, binary(g, Builtin::Add, inner, skip, h), l.activation, h), -1};
}

Value concatSkip(TfliteGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    // The concatenation reads the block's input too: nothing folds into the operator that
    // wrote it.
    const Value in{x.tensor, -1};
    int inner = emitSequence(g, l.children, in).tensor;
    int skip = in.tensor;
    std::vector<std::int32_t> shape = {1};
    if (l.input.rank() == 2) {
        inner = seq3(g, inner, h);
        skip = seq3(g, skip, h);
        shape.push_back(static_cast<std::int32_t>(l.output[0]));
    }
    shape.push_back(static_cast<std::int32_t>(l.output.dims.back()));
    const int out = fresh(g, h, shape);
    g.add(Builtin::Concatenation, {inner, skip}, {out},
          Options(tfl::options::Concatenation)
              .i32(tfl::concatenation::axis, static_cast<std::int32_t>(shape.size() - 1))
              .i8(tfl::concatenation::fused, 0));
    return {out, -1};
}

Value branchSum(TfliteGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    // Every copy reads the block's input: nothing folds into the operator that wrote it.
    const Value in{x.tensor, -1};
    std::vector<int> ys;
    for (const std::vector<ExportLayer>& copy : l.copies())
        ys.push_back(emitSequence(g, copy, in).tensor);
    if (ys.size() == 1) return {ys[0], -1};
    bool sameRank = true;
    for (const int y : ys) sameRank &= g.shape(y).size() == g.shape(ys[0]).size();
    int sum = sameRank ? ys[0] : seq3(g, ys[0], h);
    for (std::size_t i = 1; i < ys.size(); ++i)
        sum = binary(g, Builtin::Add, sum, sameRank ? ys[i] : seq3(g, ys[i], h), h);
    return {sum, -1};
}

Value squeezeExcite(TfliteGraph& g, const ExportLayer& l, Value x) {
    const std::string& h = l.name;
    const std::int32_t len = static_cast<std::int32_t>(l.input[0]);
    const std::int32_t c = static_cast<std::int32_t>(l.input[1]);
    const int in = seq3(g, x.tensor, h);
    const int pooled =
        reshape(g, pool2d(g, in, Builtin::AveragePool2d, len, 1, false, 1, h), {1, c}, h);
    const auto act = [&](const char* key) {
        return ExportActivation{parseActivation(l.param(key).get<std::string>()), 0.2};
    };
    const Value hidden =
        fullyConnected(g, pooled, l.tensor("squeeze.kernel"), optional(l, "squeeze.bias"),
                       act("squeeze_activation"), h + "/squeeze");
    const Value gate =
        fullyConnected(g, hidden.tensor, l.tensor("excite.kernel"), optional(l, "excite.bias"),
                       act("excite_activation"), h + "/excite");
    return {binary(g, Builtin::Mul, in, reshape(g, gate.tensor, {1, 1, c}, h), h), -1};
}

using Emit = Value (*)(TfliteGraph&, const ExportLayer&, Value);
using Table = KindTable<Emit>;

/// What the TFLite format does with each layer kind.
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
        Table::emits("flatten", reshapeLayer),
        Table::emits("reshape", reshapeLayer),
        Table::emits("upsampling1d", upsampling1d),
        Table::emits("residual", residual),
        Table::emits("squeeze_excite", squeezeExcite),
        Table::emits("concat_skip", concatSkip),
        Table::emits("branch_sum", branchSum),
        Table::emits("architecture", architecture),
    });
    return table;
}

Value emitSequence(TfliteGraph& g, const std::vector<ExportLayer>& layers, Value x) {
    for (const ExportLayer& l : layers) x = kinds().emitter(l, "tflite")(g, l, x);
    return x;
}

}  // namespace

std::string TfliteExporter::toBytes(const ExportModel& model, const ExportOptions& options) {
    if (!model.hasWeights())
        throw Error("tflite: needs a trained model with weights (--model M.json)");
    const TrainedModel& trained = *model.trained();
    if (trained.quantized) {
        if (!model.hasNormalization() && !trained.normalization.is_null())
            throw Error(
                "tflite: an int8 model's file takes the raw inputs: its input "
                "normalisation runs in float inside it (before the int8 input with "
                "--int8-io), as the integer engine's does; export without "
                "--no-normalization");
        // The float graph the QGraph was quantised from (with its input normalisation).
        const CGraph floatGraph = CLowering::lower(ExportModel::fromTrained(trained));
        return TfliteInt8::toBytes(*trained.quantized, floatGraph, model.inputShape().dims,
                                   "BYOM Studio: " + model.name() + " (int8)", options.int8Io);
    }
    if (options.int8Io)
        throw UsageError(
            "--int8-io: the model is float; it applies to an int8 model "
            "(byom quantize --model M.json --out Q.json, then export Q.json)");
    kinds().check(model.layers(), "tflite");
    TfliteGraph g("BYOM Studio: " + model.name());
    const int input = g.tensor("input", dims(model.inputShape().dims));
    Value x{input, -1};
    if (model.hasNormalization()) {
        const ChannelAffine a = normalizationAffine(model.normCenter(), model.normScale());
        x.tensor = affine(g, x.tensor, a.scale, a.shift, "normalization");
    }
    x = emitSequence(g, model.layers(), x);
    int y = seq3(g, x.tensor, "output");
    // y = output * scale + center: the targets' standardisation undone.
    if (model.hasTargetScaling())
        y = affine(g, y, model.targetScale(), model.targetCenter(), "target_scaling");
    g.setInputs({input});
    g.setOutputs({y});
    return g.serialize();
}

KindSupport TfliteExporter::supports(const std::string& kind) const {
    return kinds().supports(kind);
}

void TfliteExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toBytes(model));
}

void TfliteExporter::writeWithOptions(const ExportModel& model, const std::string& outPath,
                                      const ExportOptions& options) const {
    writeFileAtomic(outPath, toBytes(model, options));
}

}  // namespace byom
