#include "core/quant/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/quant/cgraphrunner.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

using COp = CGraph::Op;

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();

    void add(const std::vector<float>& v) {
        for (const float x : v) {
            lo = std::min(lo, static_cast<double>(x));
            hi = std::max(hi, static_cast<double>(x));
        }
    }
    bool finite() const { return std::isfinite(lo) && std::isfinite(hi); }
};

bool fusable(Act act) {
    return act == Act::Linear || act == Act::Relu || act == Act::Relu6;
}

Act activationOf(const COp& op) {
    return op.hasActivation ? op.act : Act::Linear;
}

/// TFLite's fixed output parameters of the activations with a known range.
bool fixedParams(Act act, QuantParams& p) {
    if (act == Act::Sigmoid || act == Act::HardSigmoid || act == Act::Softmax) {
        p = {1.0f / 256.0f, -128};
        return true;
    }
    if (act == Act::Tanh) {
        p = {1.0f / 128.0f, 0};
        return true;
    }
    return false;
}

std::int32_t saturate32(double v) {
    return static_cast<std::int32_t>(std::clamp(std::round(v), -2147483648.0, 2147483647.0));
}

class Builder {
public:
    Builder(const CGraph& g, const Mat<float>& calibration, const std::set<std::string>& keep)
        : m_g(g), m_keep(keep) {
        const auto& ts = g.tensors();
        m_post.resize(ts.size());
        m_pre.resize(g.ops().size());
        for (Index s = 0; s < calibration.cols(); ++s) {
            const CGraphRunner::Trace t = CGraphRunner::run(g, calibration.col(s).data());
            for (std::size_t i = 0; i < ts.size(); ++i) m_post[i].add(t.tensors[i]);
            for (std::size_t i = 0; i < t.pre.size(); ++i) m_pre[i].add(t.pre[i]);
        }
        for (std::size_t i = 0; i < ts.size(); ++i)
            if (!m_post[i].finite())
                throw Error("calibration: " + describeTensor(static_cast<int>(i)) +
                            " took a value that is not finite (NaN or infinite inputs or "
                            "weights?); give calibration data without NaN");
        m_int8.assign(ts.size(), -1);
        m_float.assign(ts.size(), -1);
        m_q.tensors.push_back({ts[0].size, ts[0].channels, true, {}, 0, false});
        m_float[0] = 0;
    }

    QGraph build() {
        for (std::size_t i = 0; i < m_g.ops().size(); ++i) lower(i);
        m_q.output = asFloat(m_g.output());
        return std::move(m_q);
    }

private:
    std::string describeTensor(int t) const {
        const int p = m_g.tensors()[static_cast<std::size_t>(t)].producer;
        return p < 0 ? "the input"
                     : "the output of " + m_g.ops()[static_cast<std::size_t>(p)].layer;
    }
    const CGraph::Tensor& tensor(int t) const { return m_g.tensors()[static_cast<std::size_t>(t)]; }
    QuantParams postParams(int t) const {
        const Range& r = m_post[static_cast<std::size_t>(t)];
        return QuantParams::fromRange(r.lo, r.hi);
    }
    const QuantParams& paramsOf(int qt) const {
        return m_q.tensors[static_cast<std::size_t>(qt)].params;
    }

    int newTensor(int source, bool isFloat, QuantParams p, bool pre) {
        const CGraph::Tensor& t = tensor(source);
        m_q.tensors.push_back({t.size, t.channels, isFloat, p, source, pre});
        return static_cast<int>(m_q.tensors.size()) - 1;
    }
    QGraph::Op base(const COp& op, std::size_t index, const std::string& kernel) const {
        QGraph::Op q;
        q.kernel = kernel;
        q.source = static_cast<int>(index);
        q.layer = op.layer;
        q.layerName = op.layerName;
        q.layerKind = op.layerKind;
        return q;
    }
    void push(QGraph::Op op, int output) {
        op.output = output;
        m_q.ops.push_back(std::move(op));
    }

    /// The int8 form of tensor t (quantising its float form the first time it is asked for).
    int int8(int t) {
        int& q = m_int8[static_cast<std::size_t>(t)];
        if (q >= 0) return q;
        const int f = asFloat(t);
        const int out = newTensor(t, false, postParams(t), false);
        QGraph::Op op;
        op.kernel = "quantize";
        op.inputs = {f};
        op.ints = {tensor(t).size};
        op.layer = "quantize " + describeTensor(t);
        push(std::move(op), out);
        return q = out;
    }
    int asFloat(int t) {
        int& f = m_float[static_cast<std::size_t>(t)];
        if (f >= 0) return f;
        const int q = m_int8[static_cast<std::size_t>(t)];
        const int out = newTensor(t, true, {}, false);
        QGraph::Op op;
        op.kernel = "dequantize";
        op.inputs = {q};
        op.ints = {tensor(t).size};
        op.layer = "dequantize " + describeTensor(t);
        push(std::move(op), out);
        return f = out;
    }

    /// The output parameters of op i: after its activation when that is fused as a clamp,
    /// else of its values before the activation (a table follows).
    QuantParams outputParams(std::size_t i) const {
        const COp& op = m_g.ops()[i];
        if (fusable(activationOf(op))) return postParams(op.output);
        return QuantParams::fromRange(m_pre[i].lo, m_pre[i].hi);
    }

    /// Adds `q` writing op i's output with parameters `p`, its activation fused as a clamp
    /// or as a table op after it.
    void place(QGraph::Op q, std::size_t i, QuantParams p) {
        const COp& op = m_g.ops()[i];
        const Act act = activationOf(op);
        if (fusable(act)) {
            if (act != Act::Linear) q.actMin = std::max(-128, p.zeroPoint);
            if (act == Act::Relu6) q.actMax = std::min<std::int32_t>(127, p.quantize(6.0f));
            const int out = newTensor(op.output, false, p, false);
            push(std::move(q), out);
            m_int8[static_cast<std::size_t>(op.output)] = out;
            return;
        }
        const int pre = newTensor(op.output, false, p, true);
        push(std::move(q), pre);
        activation(op, i, pre);
    }

    /// The table op computing op i's activation from the int8 tensor `in`.
    void activation(const COp& op, std::size_t i, int in) {
        const Act act = activationOf(op);
        const QuantParams pin = paramsOf(in);
        QuantParams pout;
        if (!fixedParams(act, pout)) pout = postParams(op.output);
        QGraph::Op t = base(op, i, act == Act::Softmax ? "softmax" : "lut");
        t.inputs = {in};
        const Index n = tensor(op.output).size;
        t.layer = op.layer + " " + activationName(act);
        if (act == Act::Softmax) {
            t.ints = {n, tensor(op.output).channels};
            for (int d = 0; d < 256; ++d)
                t.table.push_back(saturate32(std::exp(-d * double(pin.scale)) * 1048576.0));
        } else {
            t.ints = {n};
            Mat<double> z(256, 1), a;
            for (int v = -128; v < 128; ++v)
                z(v + 128, 0) = double(pin.scale) * double(v - pin.zeroPoint);
            ActParams ap;
            ap.leakyAlpha = ap.eluAlpha = op.alpha;
            activationForward(act, z, a, 1, ap);
            for (int v = 0; v < 256; ++v)
                t.table.push_back(static_cast<std::int32_t>(std::clamp(
                    std::round(a(v, 0) / double(pout.scale)) + pout.zeroPoint, -128.0, 127.0)));
        }
        const int out = newTensor(op.output, false, pout, false);
        push(std::move(t), out);
        m_int8[static_cast<std::size_t>(op.output)] = out;
    }

    /// dense, conv1d, depthwise_conv1d and affine (as a depthwise convolution of kernel 1).
    void weighted(const COp& op, std::size_t i) {
        const bool affine = op.kernel == "affine";
        QGraph::Op q = base(op, i, affine ? "depthwise_conv1d" : op.kernel);
        const int in = int8(op.inputs[0]);
        q.inputs = {in};
        q.ints = affine ? std::vector<Index>{op.ints[0], op.ints[1], 1, 1, 1, 1, 0, op.ints[0]}
                        : op.ints;
        q.macs = affine ? tensor(op.output).size : op.macs;
        const std::vector<float>& w = op.weights[0];
        const std::vector<float>& b = op.weights[1];
        const auto outC = static_cast<std::size_t>(tensor(op.output).channels);
        std::vector<double> sw(outC, 0.0);
        for (std::size_t e = 0; e < w.size(); ++e)
            sw[e % outC] = std::max(sw[e % outC], std::abs(static_cast<double>(w[e])));
        for (double& s : sw) s = s > 0.0 ? s / 127.0 : 1.0;
        for (std::size_t e = 0; e < w.size(); ++e)
            q.weights.push_back(static_cast<std::int8_t>(
                std::clamp(std::round(double(w[e]) / sw[e % outC]), -127.0, 127.0)));
        const double sin = paramsOf(in).scale;
        const QuantParams p = outputParams(i);
        for (std::size_t o = 0; o < outC; ++o) {
            q.bias.push_back(saturate32((b.empty() ? 0.0 : double(b[o])) / (sin * sw[o])));
            q.requant.push_back(quantizeMultiplier(sin * sw[o] / double(p.scale)));
        }
        place(std::move(q), i, p);
    }

    void add(const COp& op, std::size_t i) {
        QGraph::Op q = base(op, i, "add");
        const int a = int8(op.inputs[0]), b = int8(op.inputs[1]);
        q.inputs = {a, b};
        q.ints = op.ints;
        const QuantParams p = outputParams(i);
        const double sa = paramsOf(a).scale, sb = paramsOf(b).scale;
        const double twiceMax = 2.0 * std::max(sa, sb);
        q.requant = {quantizeMultiplier(sa / twiceMax), quantizeMultiplier(sb / twiceMax),
                     quantizeMultiplier(twiceMax / (double(1 << 20) * double(p.scale)))};
        place(std::move(q), i, p);
    }

    void channelScale(const COp& op, std::size_t i) {
        QGraph::Op q = base(op, i, "channel_scale");
        const int x = int8(op.inputs[0]), g = int8(op.inputs[1]);
        q.inputs = {x, g};
        q.ints = op.ints;
        const QuantParams p = postParams(op.output);
        q.requant = {quantizeMultiplier(double(paramsOf(x).scale) * double(paramsOf(g).scale) /
                                        double(p.scale))};
        place(std::move(q), i, p);
    }

    /// Pools and upsampling: the input's parameters carry over.
    void sameParams(const COp& op, std::size_t i) {
        QGraph::Op q = base(op, i, op.kernel);
        const int in = int8(op.inputs[0]);
        q.inputs = {in};
        q.ints = op.ints;
        place(std::move(q), i, paramsOf(in));
    }

    void keepFloat(const COp& op, std::size_t i, const std::string& why) {
        QGraph::Op q = base(op, i, "float");
        for (const int in : op.inputs) q.inputs.push_back(asFloat(in));
        q.macs = op.macs;
        q.floatOp = op;
        q.floatOp.inputs = q.inputs;
        const int out = newTensor(op.output, true, {}, false);
        q.floatOp.output = out;
        push(std::move(q), out);
        m_float[static_cast<std::size_t>(op.output)] = out;
        const std::string name = op.layerName.empty() ? op.layer : op.layerName;
        const auto known = [&name](const std::pair<std::string, std::string>& f) {
            return f.first == name;
        };
        if (std::none_of(m_q.floatLayers.begin(), m_q.floatLayers.end(), known))
            m_q.floatLayers.emplace_back(name, why);
    }

    void lower(std::size_t i) {
        if (m_g.ops()[i].kernel == "conv1d_few")
            return lower(CGraphRunner::plainConvolution(m_g.ops()[i]), i);
        lower(m_g.ops()[i], i);
    }

    void lower(const COp& op, std::size_t i) {
        if (m_keep.count(op.layerName)) return keepFloat(op, i, "kept in float (--keep-float)");
        if (op.layerName.empty() && op.kernel == "affine")
            return keepFloat(op, i,
                             "runs in float: raw features of different scales would share one "
                             "int8 scale (the int8 graph starts from its output)");
        if (!Quantizer::hasInt8Kernel(op.kernel))
            return keepFloat(op, i, op.kernel + " has no int8 kernel: it runs in float");
        const std::string& k = op.kernel;
        if (k == "dense" || k == "conv1d" || k == "depthwise_conv1d" || k == "affine")
            return weighted(op, i);
        if (k == "add") return add(op, i);
        if (k == "channel_scale") return channelScale(op, i);
        if (k == "activation") {
            const int in = int8(op.inputs[0]);
            if (activationOf(op) == Act::Linear) {
                m_int8[static_cast<std::size_t>(op.output)] = in;
                return;
            }
            return activation(op, i, in);
        }
        sameParams(op, i);
    }

    const CGraph& m_g;
    const std::set<std::string>& m_keep;
    QGraph m_q;
    std::vector<Range> m_post;
    std::vector<Range> m_pre;
    std::vector<int> m_int8;
    std::vector<int> m_float;
};

}  // namespace

bool Quantizer::hasInt8Kernel(const std::string& kernel) {
    static const std::set<std::string> kernels = {
        "dense",      "conv1d",       "depthwise_conv1d",  "affine",
        "add",        "activation",   "channel_scale",     "max_pool1d",
        "avg_pool1d", "upsampling1d", "global_avg_pool1d", "global_max_pool1d"};
    return kernels.count(kernel) != 0;
}

QGraph Quantizer::quantize(const CGraph& graph, const Mat<float>& calibration,
                           const std::set<std::string>& keepFloat) {
    const Index inputs = graph.tensors()[0].size;
    if (calibration.cols() == 0)
        throw Error("calibration: no samples (give --data with at least one sample)");
    if (calibration.rows() != inputs)
        throw Error("calibration: the samples hold " + std::to_string(calibration.rows()) +
                    " values but the model takes " + std::to_string(inputs) +
                    " (give data of the model's input shape)");
    for (Index s = 0; s < calibration.cols(); ++s)
        if (!calibration.col(s).allFinite())
            throw Error("calibration: sample " + std::to_string(s) +
                        " holds a value that is not finite (NaN or infinite); drop or fill "
                        "the rows with missing values");
    std::set<std::string> layers;
    for (const CGraph::Op& op : graph.ops()) {
        if (!op.layerName.empty()) layers.insert(op.layerName);
        for (const std::vector<float>& w : op.weights)
            if (!std::all_of(w.begin(), w.end(), [](float v) { return std::isfinite(v); }))
                throw Error(op.layer +
                            ": its weights hold NaN or infinite values, which "
                            "cannot be quantised; retrain the model (a lower "
                            "learning rate) or load a good checkpoint");
    }
    for (const std::string& k : keepFloat)
        if (!layers.count(k))
            throw Error("--keep-float: the model has no layer \"" + k +
                        "\" (its layers: " + join({layers.begin(), layers.end()}, ", ") + ")");
    return Builder(graph, calibration, keepFloat).build();
}

}  // namespace byom
