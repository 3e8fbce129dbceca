#include "core/io/export/tfliteexporter.h"

#include <cmath>

#include "core/io/export/exportutil.h"
#include "core/io/export/kindtable.h"
#include "core/io/export/tflitegraph.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

using tfl::Builtin;
using Dims = std::vector<std::int32_t>;
using Options = TfliteGraph::Options;

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
// erf(z) = 1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-z^2), t = 1 / (1 + p z), z >= 0:
// Abramowitz and Stegun 7.1.26, absolute error at most 1.5e-7.
constexpr double kErfP = 0.3275911;
constexpr double kErfA[] = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};

/// A value of the graph: its tensor and, when the operator that wrote it is linear (a
/// FULLY_CONNECTED or convolution without activation) and nothing else reads it, that
/// operator (a following BatchNorm folds into its weights). Sequences are (1, L, C), or
/// (1, 1, L, C) after a convolution or pooling; RESHAPEs are added only where a layer needs
/// the other rank, so a run of convolutions stays in NHWC.
struct Value {
    int tensor = -1;
    int foldOp = -1;
};

Dims dims(const std::vector<Index>& shape) {
    Dims d = {1};
    for (Index n : shape) d.push_back(static_cast<std::int32_t>(n));
    return d;
}

std::int32_t size(const Dims& d) {
    std::int32_t n = 1;
    for (std::int32_t x : d) n *= x;
    return n;
}

int fresh(TfliteGraph& g, const std::string& hint, const Dims& shape) {
    return g.tensor(hint + "/" + std::to_string(g.tensorCount()), shape);
}

int reshape(TfliteGraph& g, int x, const Dims& shape, const std::string& hint) {
    if (g.shape(x) == shape) return x;
    const int out = fresh(g, hint + "/reshape", shape);
    g.add(Builtin::Reshape, {x, g.constantInt32(hint + "/shape", shape)}, {out},
          Options(tfl::options::Reshape).ints(tfl::reshape::newShape, shape));
    return out;
}

/// (1, L, C) from (1, 1, L, C).
int seq3(TfliteGraph& g, int x, const std::string& hint) {
    const Dims s = g.shape(x);
    return s.size() == 4 ? reshape(g, x, {1, s[2], s[3]}, hint) : x;
}
/// (1, 1, L, C) from (1, L, C).
int nhwc(TfliteGraph& g, int x, const std::string& hint) {
    const Dims s = g.shape(x);
    return s.size() == 3 ? reshape(g, x, {1, 1, s[1], s[2]}, hint) : x;
}

int unary(TfliteGraph& g, Builtin code, int x, const std::string& hint,
          Options options = Options{}) {
    const int out = fresh(g, hint, g.shape(x));
    g.add(code, {x}, {out}, std::move(options));
    return out;
}

/// An element-wise operator of two tensors, one of which may broadcast against the other.
int binary(TfliteGraph& g, Builtin code, int a, int b, const std::string& hint) {
    const Dims& sa = g.shape(a);
    const Dims& sb = g.shape(b);
    const int out = fresh(g, hint, size(sa) >= size(sb) ? sa : sb);
    Options o;
    if (code == Builtin::Add) o = Options(tfl::options::Add);
    if (code == Builtin::Mul) o = Options(tfl::options::Mul);
    if (code == Builtin::Sub) o = Options(tfl::options::Sub);
    if (code == Builtin::Div) o = Options(tfl::options::Div);
    if (o.type != tfl::options::None) o.i8(tfl::arithmetic::fused, 0);
    g.add(code, {a, b}, {out}, std::move(o));
    return out;
}

int scalar(TfliteGraph& g, double v, const std::string& hint) {
    return g.constant(hint + "/const", {1}, {static_cast<float>(v)});
}

/// x op c with a scalar constant c.
int withScalar(TfliteGraph& g, Builtin code, int x, double c, const std::string& hint) {
    return binary(g, code, x, scalar(g, c, hint), hint);
}

/// x * scale + shift per channel of the last axis.
int affine(TfliteGraph& g, int x, const std::vector<double>& scale,
           const std::vector<double>& shift, const std::string& hint) {
    const auto constant = [&](const char* key, const std::vector<double>& v) {
        return g.constant(hint + "/" + key, {static_cast<std::int32_t>(v.size())},
                          std::vector<float>(v.begin(), v.end()));
    };
    const int y = binary(g, Builtin::Mul, x, constant("scale", scale), hint);
    return binary(g, Builtin::Add, y, constant("shift", shift), hint);
}

/// elu(x) = relu(x) + alpha (exp(min(x, 0)) - 1).
int elu(TfliteGraph& g, int x, double alpha, const std::string& hint) {
    const int neg = withScalar(g, Builtin::Minimum, x, 0.0, hint);
    const int e = withScalar(g, Builtin::Sub, unary(g, Builtin::Exp, neg, hint), 1.0, hint);
    const int scaled = withScalar(g, Builtin::Mul, e, alpha, hint);
    return binary(g, Builtin::Add, unary(g, Builtin::Relu, x, hint), scaled, hint);
}

/// gelu(x) = x / 2 (1 + erf(x / sqrt 2)) = x / 2 + |x| / 2 erf(|x| / sqrt 2) (erf is odd).
int gelu(TfliteGraph& g, int x, const std::string& hint) {
    const int absX = binary(g, Builtin::Maximum, x, unary(g, Builtin::Neg, x, hint), hint);
    const int z = withScalar(g, Builtin::Mul, absX, 1.0 / std::sqrt(2.0), hint);
    const int t = binary(
        g, Builtin::Div, scalar(g, 1.0, hint),
        withScalar(g, Builtin::Add, withScalar(g, Builtin::Mul, z, kErfP, hint), 1.0, hint), hint);
    int poly = withScalar(g, Builtin::Mul, t, kErfA[4], hint);
    for (int i = 3; i >= 0; --i)
        poly = binary(g, Builtin::Mul, withScalar(g, Builtin::Add, poly, kErfA[i], hint), t, hint);
    const int e = unary(g, Builtin::Exp,
                        unary(g, Builtin::Neg, binary(g, Builtin::Mul, z, z, hint), hint), hint);
    const int erf =
        binary(g, Builtin::Sub, scalar(g, 1.0, hint), binary(g, Builtin::Mul, poly, e, hint), hint);
    const int sum = binary(g, Builtin::Add, x, binary(g, Builtin::Mul, absX, erf, hint), hint);
    return withScalar(g, Builtin::Mul, sum, 0.5, hint);
}

int activation(TfliteGraph& g, int x, const ExportActivation& a, const std::string& hint) {
    switch (a.act) {
        case Act::Linear:
            return x;
        case Act::Relu:
            return unary(g, Builtin::Relu, x, hint);
        case Act::Relu6:
            return unary(g, Builtin::Relu6, x, hint);
        case Act::LeakyRelu:
            return unary(g, Builtin::LeakyRelu, x, hint,
                         Options(tfl::options::LeakyRelu)
                             .f32(tfl::leakyRelu::alpha, static_cast<float>(a.alpha)));
        case Act::Elu:
            return elu(g, x, a.alpha, hint);
        case Act::Selu:
            return withScalar(g, Builtin::Mul, elu(g, x, kSeluAlpha, hint), kSeluScale, hint);
        case Act::Gelu:
            return gelu(g, x, hint);
        case Act::Swish:
            return binary(g, Builtin::Mul, x, unary(g, Builtin::Logistic, x, hint), hint);
        case Act::HardSwish:
            return unary(g, Builtin::HardSwish, x, hint);
        case Act::Sigmoid:
            return unary(g, Builtin::Logistic, x, hint);
        case Act::HardSigmoid: {
            // relu6(x + 3) / 6 as Keras 3 defines it.
            const int r = unary(g, Builtin::Relu6, withScalar(g, Builtin::Add, x, 3.0, hint), hint);
            return withScalar(g, Builtin::Mul, r, 1.0 / 6.0, hint);
        }
        case Act::Tanh:
            return unary(g, Builtin::Tanh, x, hint);
        case Act::Softmax:
            // Over the last axis, as the engine computes it.
            return unary(g, Builtin::Softmax, x, hint,
                         Options(tfl::options::Softmax).f32(tfl::softmax::beta, 1.0f));
    }
    return x;
}

/// The activation a FULLY_CONNECTED or convolution can fuse (RELU, RELU6); the others run
/// as operators after it.
tfl::Fused fusable(Act a) {
    return a == Act::Relu    ? tfl::Fused::Relu
           : a == Act::Relu6 ? tfl::Fused::Relu6
                             : tfl::Fused::None;
}

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

/// Zero padding of the width axis of a (1, 1, L, C) value.
int padWidth(TfliteGraph& g, int x, Index left, Index right, const std::string& hint) {
    if (left == 0 && right == 0) return x;
    Dims s = g.shape(x);
    s[2] += static_cast<std::int32_t>(left + right);
    const int out = fresh(g, hint + "/pad", s);
    g.add(Builtin::Pad,
          {x, g.constantInt32(hint + "/paddings", {0, 0, 0, 0, static_cast<std::int32_t>(left),
                                                   static_cast<std::int32_t>(right), 0, 0})},
          {out}, Options(tfl::options::Pad));
    return out;
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
    const std::int8_t fused = static_cast<std::int8_t>(fusable(a.act));
    const std::int32_t stride = static_cast<std::int32_t>(w.stride);
    const std::int32_t dilation = static_cast<std::int32_t>(w.dilation);
    int op = 0;
    if (multiplier > 0) {
        namespace d = tfl::depthwise;
        op = g.add(Builtin::DepthwiseConv2d, {in, wt, b}, {out},
                   Options(tfl::options::DepthwiseConv2d)
                       .i8(d::padding, static_cast<std::int8_t>(tfl::Padding::Valid))
                       .i32(d::strideW, stride)
                       .i32(d::strideH, 1)
                       .i32(d::depthMultiplier, static_cast<std::int32_t>(multiplier))
                       .i8(d::fused, fused)
                       .i32(d::dilationW, dilation)
                       .i32(d::dilationH, 1),
                   dilation > 1 ? 2 : 1);
    } else {
        namespace c = tfl::conv2d;
        op = g.add(Builtin::Conv2d, {in, wt, b}, {out},
                   Options(tfl::options::Conv2d)
                       .i8(c::padding, static_cast<std::int8_t>(tfl::Padding::Valid))
                       .i32(c::strideW, stride)
                       .i32(c::strideH, 1)
                       .i8(c::fused, fused)
                       .i32(c::dilationW, dilation)
                       .i32(c::dilationH, 1),
                   dilation > 1 ? 2 : 1);
    }
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

/// MAX_POOL_2D / AVERAGE_POOL_2D over the width: "same" is TFLite's SAME (the padded places
/// take no part, as in Keras), which pads as the engine does.
int pool2d(TfliteGraph& g, int x, Builtin code, Index kernel, Index stride, bool same,
           Index outLength, const std::string& hint) {
    const int in = nhwc(g, x, hint);
    const Dims s = g.shape(in);
    const int out = fresh(g, hint, {1, 1, static_cast<std::int32_t>(outLength), s[3]});
    namespace p = tfl::pool2d;
    g.add(code, {in}, {out},
          Options(tfl::options::Pool2d)
              .i8(p::padding,
                  static_cast<std::int8_t>(same ? tfl::Padding::Same : tfl::Padding::Valid))
              .i32(p::strideW, static_cast<std::int32_t>(stride))
              .i32(p::strideH, 1)
              .i32(p::filterW, static_cast<std::int32_t>(kernel))
              .i32(p::filterH, 1)
              .i8(p::fused, 0));
    return out;
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

/// (x - mean) / sqrt(var + eps) * gamma + beta over the last axis of `x` (C values). Without
/// a square root among Arm NN 20.08's operators, the division is L2_NORMALIZATION: with
/// d = x - mean and one more value sqrt(C eps) appended, d / sqrt(sum d^2 + C eps) =
/// d / (sqrt(C) sqrt(var + eps)); SLICE drops the appended value, gamma is scaled by sqrt(C).
int normalizeLast(TfliteGraph& g, int x, double eps, const std::vector<float>& gamma,
                  const std::vector<float>& beta, const std::string& hint) {
    const Dims s = g.shape(x);
    const std::size_t last = s.size() - 1;
    const std::int32_t c = s[last];
    Dims one = s;
    one[last] = 1;
    const int mean = fresh(g, hint + "/mean", one);
    g.add(Builtin::Mean, {x, g.constantInt32(hint + "/axis", {static_cast<std::int32_t>(last)})},
          {mean}, Options(tfl::options::Reducer).boolean(tfl::reducer::keepDims, true));
    const int d = binary(g, Builtin::Sub, x, mean, hint);
    Dims wide = s;
    wide[last] = c + 1;
    const int padded = fresh(g, hint + "/epsilon", wide);
    const int epsilon =
        g.constant(hint + "/sqrt_c_epsilon", one,
                   std::vector<float>(static_cast<std::size_t>(size(one)),
                                      static_cast<float>(std::sqrt(double(c) * eps))));
    g.add(Builtin::Concatenation, {d, epsilon}, {padded},
          Options(tfl::options::Concatenation)
              .i32(tfl::concatenation::axis, static_cast<std::int32_t>(last))
              .i8(tfl::concatenation::fused, 0));
    const int n = unary(g, Builtin::L2Normalization, padded, hint,
                        Options(tfl::options::L2Norm).i8(tfl::arithmetic::fused, 0));
    const int sliced = fresh(g, hint + "/slice", s);
    g.add(Builtin::Slice,
          {n, g.constantInt32(hint + "/begin", Dims(s.size(), 0)),
           g.constantInt32(hint + "/size", s)},
          {sliced}, Options(tfl::options::Slice));
    std::vector<float> scaled(gamma);
    for (float& v : scaled) v = static_cast<float>(double(v) * std::sqrt(double(c)));
    const int y = binary(g, Builtin::Mul, sliced, g.constant(hint + "/gamma", {c}, scaled), hint);
    return binary(g, Builtin::Add, y, g.constant(hint + "/beta", {c}, beta), hint);
}

/// Swaps the last two axes of (1, L, C).
int transpose(TfliteGraph& g, int x, const std::string& hint) {
    const Dims s = g.shape(x);
    const int out = fresh(g, hint + "/transpose", {s[0], s[2], s[1]});
    g.add(Builtin::Transpose, {x, g.constantInt32(hint + "/perm", {0, 2, 1})}, {out},
          Options(tfl::options::Transpose));
    return out;
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
        Table::emits("architecture", architecture),
    });
    return table;
}

Value emitSequence(TfliteGraph& g, const std::vector<ExportLayer>& layers, Value x) {
    for (const ExportLayer& l : layers) x = kinds().emitter(l, "tflite")(g, l, x);
    return x;
}

}  // namespace

std::string TfliteExporter::toBytes(const ExportModel& model) {
    if (!model.hasWeights())
        throw Error("tflite: needs a trained model with weights (--model M.json)");
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

}  // namespace byom
