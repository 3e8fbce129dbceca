#include "core/io/export/tfliteint8.h"

#include <cmath>
#include <limits>
#include <optional>

#include "core/io/export/tflitegraph.h"
#include "core/io/export/tfliteops.h"
#include "core/util/error.h"

namespace byom {

namespace {

using namespace tflite;
using Quant = TfliteGraph::Quantization;

std::size_t at(Index i) {
    return static_cast<std::size_t>(i);
}
std::int32_t i32(Index i) {
    return static_cast<std::int32_t>(i);
}

Quant perTensor(const QuantParams& p) {
    return {{p.scale}, {p.zeroPoint}, 0};
}

/// A 1-D window of a convolution or pooling: its TFLite padding, or explicit padding (a PAD)
/// then VALID.
struct Window {
    Index len = 1, k = 1, stride = 1, dilation = 1, pad = 0, lout = 1;

    Index span() const { return (k - 1) * dilation + 1; }
    bool valid() const { return pad == 0 && len >= span() && (len - span()) / stride + 1 == lout; }
    bool same() const {
        const Index total = std::max<Index>((lout - 1) * stride + span() - len, 0);
        return lout == (len + stride - 1) / stride && pad == total / 2;
    }
    /// The padding after the input that makes a VALID window give `lout` outputs.
    Index padRight() const { return std::max<Index>((lout - 1) * stride + span() - len - pad, 0); }
};

class Lowering {
public:
    Lowering(const QGraph& q, const CGraph& f, TfliteGraph& g)
        : m_q(q), m_f(f), m_g(g), m_t(q.tensors.size(), -1) {}

    /// The TFLite tensor of QGraph tensor `qt` in `shape` (a RESHAPE when it has another).
    int in(int qt, const Dims& shape, const std::string& hint) {
        const int t = m_t[at(qt)];
        if (t < 0) throw Error("tflite: " + hint + ": reads a tensor no operator wrote");
        return reshape(m_g, t, shape, hint);
    }
    /// (1, 1, L, C) of a QGraph tensor.
    Dims canonical(int qt) const {
        const QGraph::Tensor& t = m_q.tensors[at(qt)];
        return {1, 1, i32(t.size / t.channels), i32(t.channels)};
    }
    /// A new TFLite tensor for QGraph tensor `qt` (int8 with its parameters, or float).
    int make(int qt, const Dims& shape, const std::string& hint) {
        const QGraph::Tensor& t = m_q.tensors[at(qt)];
        const std::string name = hint + "/" + std::to_string(m_g.tensorCount());
        return m_t[at(qt)] = t.isFloat
                                 ? m_g.tensor(name, shape)
                                 : m_g.quantized(name, shape, tfl::Type::Int8, perTensor(t.params));
    }
    void bind(int qt, int tensor) { m_t[at(qt)] = tensor; }
    int tensorOf(int qt) const { return m_t[at(qt)]; }

    void emit(const QGraph::Op& op) {
        const std::string& k = op.kernel;
        const std::string hint = op.layer;
        if (k == "quantize" || k == "dequantize") {
            const int x = in(op.inputs[0], canonical(op.inputs[0]), hint);
            const int y = make(op.output, canonical(op.output), hint);
            m_g.add(k == "quantize" ? Builtin::Quantize : Builtin::Dequantize, {x}, {y});
        } else if (k == "dense" || k == "conv1d" || k == "depthwise_conv1d") {
            weighted(op);
        } else if (k == "add" || k == "channel_scale") {
            const Dims shape = canonical(op.output);
            const Dims other = k == "add" ? shape : Dims{1, 1, 1, shape[3]};
            const int a = in(op.inputs[0], shape, hint);
            const int b = in(op.inputs[1], other, hint);
            const int y = make(op.output, shape, hint);
            const bool add = k == "add";
            m_g.add(add ? Builtin::Add : Builtin::Mul, {a, b}, {y},
                    Options(add ? tfl::options::Add : tfl::options::Mul)
                        .i8(tfl::arithmetic::fused, static_cast<std::int8_t>(fused(op))));
        } else if (k == "lut") {
            lut(op);
        } else if (k == "softmax") {
            const Index group = op.ints[1], rows = op.ints[0] / group;
            const Dims shape = rows > 1 ? Dims{1, i32(rows), i32(group)} : Dims{1, i32(group)};
            const int x = in(op.inputs[0], shape, hint);
            const int y = make(op.output, shape, hint);
            m_g.add(Builtin::Softmax, {x}, {y},
                    Options(tfl::options::Softmax).f32(tfl::softmax::beta, 1.0f));
        } else if (k == "float") {
            floatOp(op);
        } else {
            bind(op.output, structural(op, op.ints, tensorOf(op.inputs[0]), op.output));
        }
    }

private:
    /// The activation an int8 operator fuses as its clamp: RELU6 when it clamps above, RELU
    /// when only below (from the real zero), none when it clamps nothing.
    static tfl::Fused fused(const QGraph::Op& op) {
        if (op.actMax < 127) return tfl::Fused::Relu6;
        return op.actMin > -128 ? tfl::Fused::Relu : tfl::Fused::None;
    }

    /// A window's operator (CONV_2D, DEPTHWISE_CONV_2D with `multiplier` > 0, or a pool
    /// `code` of kernel w.k) reading (1, 1, L, C) `x` into the new tensor `y`.
    int windowed(Builtin code, int x, const Window& w, const std::vector<int>& weights, int y,
                 Index multiplier, tfl::Fused act, const std::string& hint) {
        tfl::Padding padding = tfl::Padding::Valid;
        if (w.same() && !w.valid()) {
            padding = tfl::Padding::Same;
        } else if (!w.valid()) {
            if (code == Builtin::MaxPool2d || code == Builtin::AveragePool2d)
                throw Error("tflite: cannot export " + hint +
                            ": a pooling window whose padding is neither \"same\" nor none");
            x = padWidth(m_g, x, w.pad, w.padRight(), hint);
            if ((w.len + w.pad + w.padRight() - w.span()) / w.stride + 1 != w.lout)
                throw Error("tflite: cannot export " + hint + ": its padding leaves " +
                            "positions a VALID window would read past");
        }
        std::vector<int> inputs = {x};
        inputs.insert(inputs.end(), weights.begin(), weights.end());
        if (code == Builtin::Conv2d || code == Builtin::DepthwiseConv2d)
            return convOp(m_g, inputs, y, padding, w.stride, w.dilation, multiplier, act);
        return m_g.add(code, inputs, {y}, poolOptions(padding, w.k, w.stride));
    }

    /// Pools, global pools and upsampling: the same on int8 and float values (an int8
    /// output keeps the input's parameters). Returns the output tensor.
    int structural(const QGraph::Op& op, const std::vector<Index>& n, int x, int out) {
        const std::string& k = op.kernel == "float" ? op.floatOp.kernel : op.kernel;
        const std::string& hint = op.layer;
        if (out >= 0 && !m_q.tensors[at(out)].isFloat && !m_q.tensors[at(op.inputs[0])].isFloat &&
            !(m_q.tensors[at(out)].params == m_q.tensors[at(op.inputs[0])].params))
            throw Error("tflite: " + hint + ": " + k +
                        " changes the quantisation parameters, which the TFLite operator "
                        "cannot");
        if (k == "max_pool1d" || k == "avg_pool1d" || k == "global_max_pool1d" ||
            k == "global_avg_pool1d") {
            const bool global = k.rfind("global_", 0) == 0;
            const Index len = n[0], c = n[1];
            Window w;
            w.len = len;
            w.k = global ? len : n[2];
            w.stride = global ? 1 : n[3];
            w.pad = global ? 0 : n[4];
            w.lout = global ? 1 : n[5];
            const int xin = reshape(m_g, x, {1, 1, i32(len), i32(c)}, hint);
            const int y = freshLike(m_g, hint, {1, 1, i32(w.lout), i32(c)}, xin);
            const bool max = k.find("max") != std::string::npos;
            windowed(max ? Builtin::MaxPool2d : Builtin::AveragePool2d, xin, w, {}, y, 0,
                     tfl::Fused::None, hint);
            return y;
        }
        if (k == "upsampling1d") {
            const std::int32_t len = i32(n[0]), c = i32(n[1]), size = i32(n[2]);
            const int u = reshape(m_g, x, {1, len, 1, c}, hint);
            const int copies = freshLike(m_g, hint, {1, len, size, c}, u);
            m_g.add(Builtin::Concatenation, std::vector<int>(at(size), u), {copies},
                    Options(tfl::options::Concatenation)
                        .i32(tfl::concatenation::axis, 2)
                        .i8(tfl::concatenation::fused, 0));
            return reshape(m_g, copies, {1, 1, len * size, c}, hint);
        }
        throw Error("tflite: cannot export " + hint + ": no TFLite lowering of the int8 kernel \"" +
                    k + "\"");
    }

    /// dense, conv1d and depthwise_conv1d: CONV_2D / DEPTHWISE_CONV_2D of per-channel int8
    /// weights; the weight scales are the requantisation's: M[o] = s_in s_w[o] / s_out.
    void weighted(const QGraph::Op& op) {
        const std::vector<Index>& n = op.ints;
        const bool dense = op.kernel == "dense", depthwise = op.kernel == "depthwise_conv1d";
        Window w;
        Index c = 0, third = 0;
        if (dense) {
            c = n[0];
            third = n[1];
        } else {
            w = {n[0], n[3], n[4], n[5], n[6], n[7]};
            c = n[1];
            third = n[2];
        }
        const Index outC = depthwise ? c * third : third;
        const QuantParams& px = m_q.tensors[at(op.inputs[0])].params;
        const QuantParams& py = m_q.tensors[at(op.output)].params;
        Quant wq, bq;
        wq.dimension = depthwise ? 3 : 0;
        for (Index o = 0; o < outC; ++o) {
            const QuantizedMultiplier& m = op.requant[at(o)];
            const double real = std::ldexp(double(m.multiplier), m.shift - 31);
            const float sw =
                std::max(static_cast<float>(real * double(py.scale) / double(px.scale)),
                         std::numeric_limits<float>::min());
            wq.scale.push_back(sw);
            wq.zeroPoint.push_back(0);
            bq.scale.push_back(px.scale * sw);
            bq.zeroPoint.push_back(0);
        }
        // The QGraph's weights are Keras's order: (K, C, F), (K, C * M) depthwise.
        const Index k = w.k;
        std::vector<std::int8_t> filter(op.weights.size());
        Dims fshape;
        if (depthwise) {
            filter = op.weights;
            fshape = {1, 1, i32(k), i32(outC)};
        } else {
            for (Index j = 0; j < k; ++j)
                for (Index ci = 0; ci < c; ++ci)
                    for (Index q = 0; q < outC; ++q)
                        filter[at((q * k + j) * c + ci)] = op.weights[at((j * c + ci) * outC + q)];
            fshape = {i32(outC), 1, i32(k), i32(c)};
        }
        const std::string& hint = op.layer;
        const int wt = m_g.constantInt8(hint + "/filter", fshape, filter, wq);
        const int bt = m_g.constantInt32(hint + "/bias", {i32(outC)}, op.bias, bq);
        const Dims xs = dense ? Dims{1, 1, 1, i32(c)} : Dims{1, 1, i32(w.len), i32(c)};
        const int x = in(op.inputs[0], xs, hint);
        const int y = make(op.output, {1, 1, i32(w.lout), i32(outC)}, hint);
        windowed(depthwise ? Builtin::DepthwiseConv2d : Builtin::Conv2d, x, w, {wt, bt}, y,
                 depthwise ? third : 0, fused(op), hint);
    }

    /// The float graph's op a QGraph op computes (or whose activation its table is).
    const CGraph::Op& source(const QGraph::Op& op) const {
        if (op.source < 0 || at(op.source) >= m_f.ops().size())
            throw Error("tflite: " + op.layer + ": the int8 model does not match its float " +
                        "model (op " + std::to_string(op.source) + "); quantise it again");
        return m_f.ops()[at(op.source)];
    }

    /// The int8 builtin computing the table of activation `a` (TFLite's int8 kernel rounds
    /// the same real function to the output's parameters; LOGISTIC and TANH with the fixed
    /// output parameters the quantiser gives them), if there is one.
    static std::optional<Builtin> int8Builtin(Act a) {
        switch (a) {
            case Act::Relu:
                return Builtin::Relu;
            case Act::Relu6:
                return Builtin::Relu6;
            case Act::Sigmoid:
                return Builtin::Logistic;
            case Act::Tanh:
                return Builtin::Tanh;
            case Act::HardSwish:
                return Builtin::HardSwish;
            case Act::LeakyRelu:
                return Builtin::LeakyRelu;
            default:
                return std::nullopt;
        }
    }

    /// An activation table: its int8 builtin, else DEQUANTIZE, the float activation, QUANTIZE
    /// to the table's output parameters.
    void lut(const QGraph::Op& op) {
        const CGraph::Op& s = source(op);
        if (!s.hasActivation || op.layer.rfind(s.layer, 0) != 0)
            throw Error("tflite: " + op.layer + ": the int8 model does not match its float " +
                        "model (no activation at \"" + s.layer + "\"); quantise it again");
        const std::string& hint = op.layer;
        const Dims shape = canonical(op.output);
        const int x = in(op.inputs[0], shape, hint);
        if (const std::optional<Builtin> code = int8Builtin(s.act)) {
            const int y = make(op.output, shape, hint);
            Options o;
            if (*code == Builtin::LeakyRelu)
                o = Options(tfl::options::LeakyRelu).f32(tfl::leakyRelu::alpha, s.alpha);
            m_g.add(*code, {x}, {y}, std::move(o));
            return;
        }
        const int f = fresh(m_g, hint + "/dequantized", shape);
        m_g.add(Builtin::Dequantize, {x}, {f});
        const int a = reshape(m_g, activation(m_g, f, {s.act, s.alpha}, hint), shape, hint);
        const int y = make(op.output, shape, hint);
        m_g.add(Builtin::Quantize, {a}, {y});
    }

    /// A layer kept in float: the float export's operators for the CGraph op.
    void floatOp(const QGraph::Op& op) {
        const CGraph::Op& f = op.floatOp;
        const std::string& k = f.kernel;
        const std::string& hint = op.layer;
        const std::vector<Index>& n = f.ints;
        int y = -1;
        if (k == "affine") {
            const Dims seq = {1, i32(n[0]), i32(n[1])};
            const int x = in(op.inputs[0], seq, hint);
            y = affine(m_g, x, {f.weights[0].begin(), f.weights[0].end()},
                       {f.weights[1].begin(), f.weights[1].end()}, hint);
        } else if (k == "dense") {
            const Index inN = n[0], units = n[1];
            const int x = in(op.inputs[0], {1, i32(inN)}, hint);
            std::vector<float> wt(f.weights[0].size());
            for (Index i = 0; i < inN; ++i)
                for (Index o = 0; o < units; ++o)
                    wt[at(o * inN + i)] = f.weights[0][at(i * units + o)];
            const int w = m_g.constant(hint + "/weights", {i32(units), i32(inN)}, wt);
            const int b = m_g.constant(hint + "/bias", {i32(units)}, bias(f, units));
            y = fresh(m_g, hint, {1, i32(units)});
            m_g.add(Builtin::FullyConnected, {x, w, b}, {y},
                    Options(tfl::options::FullyConnected).i8(tfl::fullyConnected::fused, 0));
        } else if (k == "conv1d" || k == "depthwise_conv1d") {
            y = floatConv(op);
        } else if (k == "layer_norm") {
            const int x = in(op.inputs[0], {1, i32(n[0]), i32(n[1])}, hint);
            y = normalizeLast(m_g, x, double(f.floats[0]), f.weights[0], f.weights[1], hint);
        } else if (k == "add" || k == "channel_scale") {
            const Dims shape = {1, i32(n[0]), i32(n[1])};
            const bool add = k == "add";
            const Dims full = add ? Dims{1, i32(n[0])} : shape;
            const int a = in(op.inputs[0], full, hint);
            const int b = in(op.inputs[1], add ? full : Dims{1, 1, i32(n[1])}, hint);
            y = binary(m_g, add ? Builtin::Add : Builtin::Mul, a, b, hint);
        } else if (k == "concat") {
            const int a = in(op.inputs[0], {1, i32(n[0]), i32(n[1])}, hint);
            const int b = in(op.inputs[1], {1, i32(n[0]), i32(n[2])}, hint);
            y = fresh(m_g, hint, {1, i32(n[0]), i32(n[1] + n[2])});
            m_g.add(Builtin::Concatenation, {a, b}, {y},
                    Options(tfl::options::Concatenation)
                        .i32(tfl::concatenation::axis, 2)
                        .i8(tfl::concatenation::fused, 0));
        } else if (k == "activation") {
            y = in(op.inputs[0], canonical(op.output), hint);
        } else {
            y = structural(op, n, tensorOf(op.inputs[0]), -1);
        }
        if (f.hasActivation) {
            // Over the last axis: (1, L, C).
            const QGraph::Tensor& t = m_q.tensors[at(op.output)];
            const Dims seq = {1, i32(t.size / t.channels), i32(t.channels)};
            y = activation(m_g, reshape(m_g, y, seq, hint), {f.act, f.alpha}, hint);
        }
        bind(op.output, y);
    }

    static std::vector<float> bias(const CGraph::Op& f, Index n) {
        return f.weights.size() > 1 && !f.weights[1].empty() ? f.weights[1]
                                                             : std::vector<float>(at(n), 0.0f);
    }

    int floatConv(const QGraph::Op& op) {
        const CGraph::Op& f = op.floatOp;
        const std::vector<Index>& n = f.ints;
        const bool depthwise = f.kernel == "depthwise_conv1d";
        const Window w{n[0], n[3], n[4], n[5], n[6], n[7]};
        const Index c = n[1], outC = depthwise ? c * n[2] : n[2], k = w.k;
        std::vector<float> filter(f.weights[0].size());
        Dims fshape = {1, 1, i32(k), i32(outC)};
        if (depthwise) {
            filter = f.weights[0];
        } else {
            for (Index j = 0; j < k; ++j)
                for (Index ci = 0; ci < c; ++ci)
                    for (Index q = 0; q < outC; ++q)
                        filter[at((q * k + j) * c + ci)] =
                            f.weights[0][at((j * c + ci) * outC + q)];
            fshape = {i32(outC), 1, i32(k), i32(c)};
        }
        const std::string& hint = op.layer;
        const int wt = m_g.constant(hint + "/filter", fshape, filter);
        const int bt = m_g.constant(hint + "/bias", {i32(outC)}, bias(f, outC));
        const int x = in(op.inputs[0], {1, 1, i32(w.len), i32(c)}, hint);
        const int y = fresh(m_g, hint, {1, 1, i32(w.lout), i32(outC)});
        windowed(depthwise ? Builtin::DepthwiseConv2d : Builtin::Conv2d, x, w, {wt, bt}, y,
                 depthwise ? n[2] : 0, tfl::Fused::None, hint);
        return y;
    }

    const QGraph& m_q;
    const CGraph& m_f;
    TfliteGraph& m_g;
    std::vector<int> m_t;  // QGraph tensor -> TFLite tensor
};

/// The index of the first quantize op; with int8 ends, the ops before it (the float input
/// normalisation) are dropped: none may be read after it.
std::size_t firstQuantize(const QGraph& q) {
    std::size_t first = 0;
    while (first < q.ops.size() && q.ops[first].kernel != "quantize") ++first;
    if (first == q.ops.size())
        throw Error(
            "tflite --int8-io: the int8 model quantises nothing (every layer is kept "
            "in float); export it without --int8-io");
    for (std::size_t i = 0; i < first; ++i)
        if (q.ops[i].kernel != "float")
            throw Error("tflite --int8-io: " + q.ops[i].layer + " runs before the input is " +
                        "quantised; export without --int8-io");
    for (std::size_t i = first + 1; i < q.ops.size(); ++i)
        for (const int t : q.ops[i].inputs)
            if (q.tensors[at(t)].isFloat && t == q.ops[first].inputs[0])
                throw Error("tflite --int8-io: " + q.ops[i].layer +
                            " reads the float input; export without --int8-io");
    return first;
}

}  // namespace

std::string TfliteInt8::toBytes(const QGraph& q, const CGraph& floatGraph,
                                const std::vector<Index>& inputShape,
                                const std::string& description, bool int8Io) {
    if (q.ops.empty()) throw Error("tflite: the int8 model has no operators");
    TfliteGraph g(description);
    Lowering l(q, floatGraph, g);
    std::size_t first = 0;
    int input = -1;
    if (int8Io) {
        first = firstQuantize(q);
        const QGraph::Op& op = q.ops[first];
        const QGraph::Tensor& t = q.tensors[at(op.output)];
        Dims shape = dims(inputShape);
        if (size(shape) != i32(t.size)) shape = {1, i32(t.size)};
        input = g.quantized("input", shape, tfl::Type::Int8, perTensor(t.params));
        l.bind(op.output, input);
        ++first;
    } else {
        input = g.tensor("input", dims(inputShape));
        l.bind(0, input);
    }
    std::size_t end = q.ops.size();
    int out = q.output;
    if (int8Io) {
        // The output is the int8 tensor the last op dequantises (that op is left out).
        const QGraph::Op& last = q.ops.back();
        if (last.kernel != "dequantize" || last.output != q.output)
            throw Error(
                "tflite --int8-io: the output is computed in float after the last "
                "int8 tensor (" +
                last.layer + "); export without --int8-io");
        out = last.inputs[0];
        --end;
    }
    for (std::size_t i = first; i < end; ++i) l.emit(q.ops[i]);
    const QGraph::Tensor& t = q.tensors[at(out)];
    const Index len = t.size / t.channels;
    const Dims shape = len > 1 ? Dims{1, i32(len), i32(t.channels)} : Dims{1, i32(t.size)};
    const int y = l.in(out, shape, "output");
    g.setInputs({input});
    g.setOutputs({y});
    return g.serialize();
}

}  // namespace byom
