#include "core/quant/qengine.h"

#include <algorithm>
#include <cstdint>

#include "core/quant/cgraphrunner.h"
#include "core/util/error.h"

namespace byom {

namespace {

using I8 = std::vector<std::int8_t>;

std::size_t at(Index i) {
    return static_cast<std::size_t>(i);
}

std::int8_t clampTo(std::int32_t v, std::int32_t lo, std::int32_t hi) {
    return static_cast<std::int8_t>(std::clamp(v, lo, hi));
}

/// dense, conv1d and depthwise_conv1d: one loop over the window for the three (a dense is a
/// convolution of one position whose kernel covers every input).
void weighted(const QGraph& g, const QGraph::Op& op, const I8& x, I8& y) {
    const std::int32_t zx = g.tensors[at(op.inputs[0])].params.zeroPoint;
    const std::int32_t zy = g.tensors[at(op.output)].params.zeroPoint;
    const std::vector<Index>& n = op.ints;
    const bool dense = op.kernel == "dense", depthwise = op.kernel == "depthwise_conv1d";
    const Index len = dense ? 1 : n[0], c = dense ? n[0] : n[1];
    const Index third = dense ? n[1] : n[2], k = dense ? 1 : n[3];
    const Index stride = dense ? 1 : n[4], dil = dense ? 1 : n[5], pad = dense ? 0 : n[6];
    const Index lout = dense ? 1 : n[7];
    const Index outC = depthwise ? c * third : third;
    for (Index o = 0; o < lout; ++o)
        for (Index q = 0; q < outC; ++q) {
            std::int32_t acc = op.bias[at(q)];
            for (Index j = 0; j < k; ++j) {
                const Index pos = o * stride - pad + j * dil;
                if (pos < 0 || pos >= len) continue;
                if (depthwise) {
                    acc += (std::int32_t(x[at(pos * c + q / third)]) - zx) *
                           std::int32_t(op.weights[at(j * outC + q)]);
                    continue;
                }
                for (Index ci = 0; ci < c; ++ci)
                    acc += (std::int32_t(x[at(pos * c + ci)]) - zx) *
                           std::int32_t(op.weights[at((j * c + ci) * outC + q)]);
            }
            const std::int32_t v = zy + multiplyByQuantizedMultiplier(acc, op.requant[at(q)]);
            y[at(o * outC + q)] = clampTo(v, op.actMin, op.actMax);
        }
}

void add(const QGraph& g, const QGraph::Op& op, const I8& a, const I8& b, I8& y) {
    const std::int32_t za = g.tensors[at(op.inputs[0])].params.zeroPoint;
    const std::int32_t zb = g.tensors[at(op.inputs[1])].params.zeroPoint;
    const std::int32_t zy = g.tensors[at(op.output)].params.zeroPoint;
    for (Index i = 0; i < op.ints[0]; ++i) {
        const std::int32_t sa =
            multiplyByQuantizedMultiplier((std::int32_t(a[at(i)]) - za) * (1 << 20), op.requant[0]);
        const std::int32_t sb =
            multiplyByQuantizedMultiplier((std::int32_t(b[at(i)]) - zb) * (1 << 20), op.requant[1]);
        const std::int32_t v = zy + multiplyByQuantizedMultiplier(sa + sb, op.requant[2]);
        y[at(i)] = clampTo(v, op.actMin, op.actMax);
    }
}

void channelScale(const QGraph& g, const QGraph::Op& op, const I8& x, const I8& gate, I8& y) {
    const std::int32_t zx = g.tensors[at(op.inputs[0])].params.zeroPoint;
    const std::int32_t zg = g.tensors[at(op.inputs[1])].params.zeroPoint;
    const std::int32_t zy = g.tensors[at(op.output)].params.zeroPoint;
    const Index c = op.ints[1];
    for (Index p = 0; p < op.ints[0]; ++p)
        for (Index i = 0; i < c; ++i) {
            const std::int32_t prod =
                (std::int32_t(x[at(p * c + i)]) - zx) * (std::int32_t(gate[at(i)]) - zg);
            const std::int32_t v = zy + multiplyByQuantizedMultiplier(prod, op.requant[0]);
            y[at(p * c + i)] = clampTo(v, op.actMin, op.actMax);
        }
}

void softmax(const QGraph::Op& op, const I8& x, I8& y) {
    const Index n = op.ints[0], group = op.ints[1];
    for (Index s = 0; s < n; s += group) {
        std::int32_t m = -128;
        for (Index i = 0; i < group; ++i) m = std::max<std::int32_t>(m, x[at(s + i)]);
        std::int64_t sum = 0;
        for (Index i = 0; i < group; ++i) sum += op.table[at(m - x[at(s + i)])];
        for (Index i = 0; i < group; ++i) {
            const std::int64_t e = op.table[at(m - x[at(s + i)])];
            const std::int64_t r = sum > 0 ? (e * 512 + sum) / (2 * sum) : 0;
            y[at(s + i)] =
                clampTo(static_cast<std::int32_t>(std::min<std::int64_t>(r, 255)) - 128, -128, 127);
        }
    }
}

/// The mean of `count` int8 values summing to `sum`, rounded half away from zero (TFLite).
std::int8_t average(std::int32_t sum, std::int32_t count) {
    const std::int32_t v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    return clampTo(v, -128, 127);
}

void pool(const QGraph::Op& op, const I8& x, I8& y) {
    const std::vector<Index>& n = op.ints;
    const bool max = op.kernel == "max_pool1d";
    const Index len = n[0], c = n[1], k = n[2], stride = n[3], pad = n[4], lout = n[5];
    for (Index o = 0; o < lout; ++o) {
        const Index first = std::max<Index>(o * stride - pad, 0);
        const Index last = std::min<Index>(o * stride - pad + k - 1, len - 1);
        for (Index i = 0; i < c; ++i) {
            std::int32_t v = max ? -128 : 0;
            for (Index p = first; p <= last; ++p)
                v = max ? std::max<std::int32_t>(v, x[at(p * c + i)]) : v + x[at(p * c + i)];
            y[at(o * c + i)] =
                max ? static_cast<std::int8_t>(v)
                    : average(v, static_cast<std::int32_t>(std::max<Index>(last - first + 1, 1)));
        }
    }
}

void globalPool(const QGraph::Op& op, const I8& x, I8& y) {
    const Index len = op.ints[0], c = op.ints[1];
    const bool max = op.kernel == "global_max_pool1d";
    for (Index i = 0; i < c; ++i) {
        std::int32_t v = max ? -128 : 0;
        for (Index p = 0; p < len; ++p)
            v = max ? std::max<std::int32_t>(v, x[at(p * c + i)]) : v + x[at(p * c + i)];
        y[at(i)] = max ? static_cast<std::int8_t>(v) : average(v, static_cast<std::int32_t>(len));
    }
}

}  // namespace

std::vector<float> QEngine::Trace::real(const QGraph& g, int t) const {
    const QGraph::Tensor& tensor = g.tensors[at(t)];
    if (tensor.isFloat) return f[at(t)];
    std::vector<float> out;
    out.reserve(q[at(t)].size());
    for (const std::int8_t v : q[at(t)]) out.push_back(tensor.params.dequantize(v));
    return out;
}

void QEngine::runOp(const QGraph& g, const QGraph::Op& op, Trace& t) {
    const QGraph::Tensor& out = g.tensors[at(op.output)];
    const std::string& k = op.kernel;
    if (k == "float") {
        std::vector<const std::vector<float>*> in;
        for (const int i : op.inputs) in.push_back(&t.f[at(i)]);
        std::vector<float>& y = t.f[at(op.output)];
        CGraphRunner::compute(op.floatOp, in, out.size, y);
        CGraphRunner::activate(op.floatOp, out.channels, y);
        return;
    }
    if (k == "dequantize") {
        const QuantParams& p = g.tensors[at(op.inputs[0])].params;
        std::vector<float>& y = t.f[at(op.output)];
        y.clear();
        for (const std::int8_t v : t.q[at(op.inputs[0])]) y.push_back(p.dequantize(v));
        return;
    }
    I8& y = t.q[at(op.output)];
    y.assign(at(out.size), 0);
    if (k == "quantize") {
        const std::vector<float>& x = t.f[at(op.inputs[0])];
        for (std::size_t i = 0; i < x.size(); ++i) y[i] = out.params.quantize(x[i]);
        return;
    }
    const I8& x = t.q[at(op.inputs[0])];
    if (k == "dense" || k == "conv1d" || k == "depthwise_conv1d") {
        weighted(g, op, x, y);
    } else if (k == "add") {
        add(g, op, x, t.q[at(op.inputs[1])], y);
    } else if (k == "channel_scale") {
        channelScale(g, op, x, t.q[at(op.inputs[1])], y);
    } else if (k == "lut") {
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] = static_cast<std::int8_t>(op.table[at(x[i] + 128)]);
    } else if (k == "softmax") {
        softmax(op, x, y);
    } else if (k == "max_pool1d" || k == "avg_pool1d") {
        pool(op, x, y);
    } else if (k == "global_avg_pool1d" || k == "global_max_pool1d") {
        globalPool(op, x, y);
    } else if (k == "upsampling1d") {
        const Index len = op.ints[0], c = op.ints[1], size = op.ints[2];
        for (Index p = 0; p < len; ++p)
            for (Index r = 0; r < size; ++r)
                for (Index i = 0; i < c; ++i) y[at((p * size + r) * c + i)] = x[at(p * c + i)];
    } else {
        throw Error(op.layer + ": unknown int8 kernel \"" + k + "\"");
    }
}

QEngine::Trace QEngine::trace(const QGraph& g, const float* input) {
    Trace t;
    t.q.resize(g.tensors.size());
    t.f.resize(g.tensors.size());
    t.f[0].assign(input, input + g.tensors[0].size);
    for (const QGraph::Op& op : g.ops) runOp(g, op, t);
    return t;
}

Mat<float> QEngine::run(const QGraph& g, const Mat<float>& x) {
    if (x.rows() != g.tensors[0].size)
        throw Error("the samples hold " + std::to_string(x.rows()) +
                    " values but the quantised model takes " + std::to_string(g.tensors[0].size));
    const QGraph::Tensor& out = g.tensors[at(g.output)];
    Mat<float> y(out.size, x.cols());
    for (Index s = 0; s < x.cols(); ++s) {
        const Trace t = trace(g, x.col(s).data());
        std::copy(t.f[at(g.output)].begin(), t.f[at(g.output)].end(), y.col(s).data());
    }
    return y;
}

}  // namespace byom
