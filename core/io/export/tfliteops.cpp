#include "core/io/export/tfliteops.h"

#include <cmath>

namespace byom::tflite {

namespace {

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
// erf(z) = 1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-z^2), t = 1 / (1 + p z), z >= 0:
// Abramowitz and Stegun 7.1.26, absolute error at most 1.5e-7.
constexpr double kErfP = 0.3275911;
constexpr double kErfA[] = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};

}  // namespace

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

int freshLike(TfliteGraph& g, const std::string& hint, const Dims& shape, int like) {
    return g.tensorLike(hint + "/" + std::to_string(g.tensorCount()), shape, like);
}

int reshape(TfliteGraph& g, int x, const Dims& shape, const std::string& hint) {
    if (g.shape(x) == shape) return x;
    const int out = freshLike(g, hint + "/reshape", shape, x);
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

int unary(TfliteGraph& g, Builtin code, int x, const std::string& hint, Options options) {
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

/// Zero padding of the width axis of a (1, 1, L, C) value.
int padWidth(TfliteGraph& g, int x, Index left, Index right, const std::string& hint) {
    if (left == 0 && right == 0) return x;
    Dims s = g.shape(x);
    s[2] += static_cast<std::int32_t>(left + right);
    const int out = freshLike(g, hint + "/pad", s, x);
    g.add(Builtin::Pad,
          {x, g.constantInt32(hint + "/paddings", {0, 0, 0, 0, static_cast<std::int32_t>(left),
                                                   static_cast<std::int32_t>(right), 0, 0})},
          {out}, Options(tfl::options::Pad));
    return out;
}

Options poolOptions(tfl::Padding padding, Index kernel, Index stride) {
    namespace p = tfl::pool2d;
    return Options(tfl::options::Pool2d)
        .i8(p::padding, static_cast<std::int8_t>(padding))
        .i32(p::strideW, static_cast<std::int32_t>(stride))
        .i32(p::strideH, 1)
        .i32(p::filterW, static_cast<std::int32_t>(kernel))
        .i32(p::filterH, 1)
        .i8(p::fused, 0);
}

int convOp(TfliteGraph& g, std::vector<int> inputs, int out, tfl::Padding padding, Index stride,
           Index dilation, Index multiplier, tfl::Fused fused) {
    const std::int8_t pad = static_cast<std::int8_t>(padding);
    const std::int8_t f = static_cast<std::int8_t>(fused);
    const std::int32_t s = static_cast<std::int32_t>(stride);
    const std::int32_t d = static_cast<std::int32_t>(dilation);
    if (multiplier > 0) {
        namespace dw = tfl::depthwise;
        return g.add(Builtin::DepthwiseConv2d, std::move(inputs), {out},
                     Options(tfl::options::DepthwiseConv2d)
                         .i8(dw::padding, pad)
                         .i32(dw::strideW, s)
                         .i32(dw::strideH, 1)
                         .i32(dw::depthMultiplier, static_cast<std::int32_t>(multiplier))
                         .i8(dw::fused, f)
                         .i32(dw::dilationW, d)
                         .i32(dw::dilationH, 1),
                     d > 1 ? 2 : 1);  // TFLite's op_version: a dilated float one is version 2
    }
    namespace c = tfl::conv2d;
    return g.add(Builtin::Conv2d, std::move(inputs), {out},
                 Options(tfl::options::Conv2d)
                     .i8(c::padding, pad)
                     .i32(c::strideW, s)
                     .i32(c::strideH, 1)
                     .i8(c::fused, f)
                     .i32(c::dilationW, d)
                     .i32(c::dilationH, 1));  // float CONV_2D is version 1, dilated or not
}

/// MAX_POOL_2D / AVERAGE_POOL_2D over the width: "same" is TFLite's SAME (the padded places
/// take no part, as in Keras), which pads as the engine does.
int pool2d(TfliteGraph& g, int x, Builtin code, Index kernel, Index stride, bool same,
           Index outLength, const std::string& hint) {
    const int in = nhwc(g, x, hint);
    const Dims s = g.shape(in);
    const int out = freshLike(g, hint, {1, 1, static_cast<std::int32_t>(outLength), s[3]}, in);
    g.add(code, {in}, {out},
          poolOptions(same ? tfl::Padding::Same : tfl::Padding::Valid, kernel, stride));
    return out;
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

}  // namespace byom::tflite
