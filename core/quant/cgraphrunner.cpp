#include "core/quant/cgraphrunner.h"

#include <algorithm>
#include <cmath>

#include "core/layers/activation.h"
#include "core/util/error.h"

namespace byom {

namespace {

[[noreturn]] void bad(const CGraph::Op& op, const std::string& what) {
    throw Error(op.layer + ": the " + op.kernel + " op's " + what +
                " do not fit its sizes (the file is damaged; export or quantise the model again)");
}

/// Checks that the op's ints, weights and tensors agree, so no loop reads outside them.
void check(const CGraph::Op& op, const std::vector<const std::vector<float>*>& in, Index outSize) {
    const std::vector<Index>& n = op.ints;
    const auto ints = [&](std::size_t count) {
        if (n.size() != count) bad(op, "ints");
        for (Index v : n)
            if (v < 0) bad(op, "ints");
    };
    const auto inputs = [&](std::size_t count) {
        if (in.size() != count) bad(op, "inputs");
    };
    const auto weights = [&](std::size_t w, Index size, bool optional) {
        if (op.weights.size() <= w) bad(op, "weights");
        const Index have = static_cast<Index>(op.weights[w].size());
        if (have != size && !(optional && have == 0)) bad(op, "weights");
    };
    const auto sizes = [&](Index inSize, Index out) {
        if (static_cast<Index>(in[0]->size()) != inSize || outSize != out) bad(op, "tensors");
    };
    const std::string& k = op.kernel;
    if (k == "affine") {
        ints(2), inputs(1), weights(0, n[1], false), weights(1, n[1], false);
        sizes(n[0] * n[1], n[0] * n[1]);
    } else if (k == "dense") {
        ints(2), inputs(1), weights(0, n[0] * n[1], false), weights(1, n[1], true);
        sizes(n[0], n[1]);
    } else if (k == "conv1d" || k == "depthwise_conv1d") {
        ints(8), inputs(1);
        if (n[4] < 1 || n[5] < 1) bad(op, "ints");
        const Index outC = k == "conv1d" ? n[2] : n[1] * n[2];
        weights(0, n[3] * n[1] * n[2], false), weights(1, outC, true);
        sizes(n[0] * n[1], n[7] * outC);
    } else if (k == "activation") {
        ints(2), inputs(1), sizes(n[0], n[0]);
    } else if (k == "max_pool1d" || k == "avg_pool1d") {
        ints(6), inputs(1);
        if (n[2] < 1 || n[3] < 1) bad(op, "ints");
        sizes(n[0] * n[1], n[5] * n[1]);
    } else if (k == "global_avg_pool1d" || k == "global_max_pool1d") {
        ints(2), inputs(1);
        if (n[0] < 1) bad(op, "ints");
        sizes(n[0] * n[1], n[1]);
    } else if (k == "layer_norm") {
        ints(2), inputs(1), weights(0, n[1], false), weights(1, n[1], false);
        if (op.floats.size() != 1) bad(op, "floats");
        sizes(n[0] * n[1], n[0] * n[1]);
    } else if (k == "upsampling1d") {
        ints(3), inputs(1), sizes(n[0] * n[1], n[0] * n[1] * n[2]);
    } else if (k == "add") {
        ints(2), inputs(2), sizes(n[0], n[0]);
        if (static_cast<Index>(in[1]->size()) != n[0]) bad(op, "tensors");
    } else if (k == "concat") {
        ints(3), inputs(2), sizes(n[0] * n[1], n[0] * (n[1] + n[2]));
        if (static_cast<Index>(in[1]->size()) != n[0] * n[2]) bad(op, "tensors");
    } else if (k == "channel_scale") {
        ints(2), inputs(2), sizes(n[0] * n[1], n[0] * n[1]);
        if (static_cast<Index>(in[1]->size()) != n[1]) bad(op, "tensors");
    } else {
        throw Error(op.layer + ": unknown kernel \"" + k + "\"");
    }
}

void convolve(const CGraph::Op& op, const std::vector<float>& x, std::vector<float>& y,
              bool depthwise) {
    const std::vector<Index>& n = op.ints;
    const Index len = n[0], c = n[1], third = n[2], k = n[3], stride = n[4], dil = n[5], pad = n[6],
                lout = n[7];
    const std::vector<float>& w = op.weights[0];
    const std::vector<float>& b = op.weights[1];
    const Index outC = depthwise ? c * third : third;
    for (Index o = 0; o < lout; ++o)
        for (Index q = 0; q < outC; ++q) {
            float s = 0.0f;
            for (Index j = 0; j < k; ++j) {
                const Index pos = o * stride - pad + j * dil;
                if (pos < 0 || pos >= len) continue;
                if (depthwise) {
                    s += x[static_cast<std::size_t>(pos * c + q / third)] *
                         w[static_cast<std::size_t>(j * outC + q)];
                    continue;
                }
                for (Index ci = 0; ci < c; ++ci)
                    s += w[static_cast<std::size_t>((j * c + ci) * outC + q)] *
                         x[static_cast<std::size_t>(pos * c + ci)];
            }
            y[static_cast<std::size_t>(o * outC + q)] =
                b.empty() ? s : s + b[static_cast<std::size_t>(q)];
        }
}

void pool(const CGraph::Op& op, const std::vector<float>& x, std::vector<float>& y, bool max) {
    const std::vector<Index>& n = op.ints;
    const Index len = n[0], c = n[1], k = n[2], stride = n[3], pad = n[4], lout = n[5];
    for (Index o = 0; o < lout; ++o) {
        const Index first = std::max<Index>(o * stride - pad, 0);
        const Index last = std::min<Index>(o * stride - pad + k - 1, len - 1);
        for (Index i = 0; i < c; ++i) {
            float v = max ? x[static_cast<std::size_t>(first * c + i)] : 0.0f;
            for (Index p = first; p <= last; ++p) {
                const float e = x[static_cast<std::size_t>(p * c + i)];
                v = max ? std::max(v, e) : v + e;
            }
            y[static_cast<std::size_t>(o * c + i)] =
                max ? v : v * (1.0f / static_cast<float>(last - first + 1));
        }
    }
}

}  // namespace

CGraph::Op CGraphRunner::plainConvolution(const CGraph::Op& op) {
    if (op.kernel != "conv1d_few" || op.ints.size() != 7) return op;
    CGraph::Op c = op;
    c.kernel = "conv1d";
    c.ints.insert(c.ints.begin() + 4, 1);  // stride 1 before the dilation
    return c;
}

void CGraphRunner::compute(const CGraph::Op& op, const std::vector<const std::vector<float>*>& in,
                           Index outSize, std::vector<float>& y) {
    if (op.kernel == "conv1d_few") return compute(plainConvolution(op), in, outSize, y);
    check(op, in, outSize);
    y.assign(static_cast<std::size_t>(outSize), 0.0f);
    const std::vector<float>& x = *in[0];
    const std::vector<Index>& n = op.ints;
    const std::string& k = op.kernel;
    const auto at = [](Index i) { return static_cast<std::size_t>(i); };
    if (k == "affine") {
        for (Index p = 0; p < n[0]; ++p)
            for (Index i = 0; i < n[1]; ++i)
                y[at(p * n[1] + i)] =
                    x[at(p * n[1] + i)] * op.weights[0][at(i)] + op.weights[1][at(i)];
    } else if (k == "dense") {
        for (Index o = 0; o < n[1]; ++o) {
            float s = 0.0f;
            for (Index i = 0; i < n[0]; ++i) s += op.weights[0][at(i * n[1] + o)] * x[at(i)];
            y[at(o)] = op.weights[1].empty() ? s : s + op.weights[1][at(o)];
        }
    } else if (k == "conv1d" || k == "depthwise_conv1d") {
        convolve(op, x, y, k == "depthwise_conv1d");
    } else if (k == "activation") {
        y = x;
    } else if (k == "max_pool1d" || k == "avg_pool1d") {
        pool(op, x, y, k == "max_pool1d");
    } else if (k == "global_avg_pool1d" || k == "global_max_pool1d") {
        const bool max = k == "global_max_pool1d";
        for (Index i = 0; i < n[1]; ++i) {
            float v = x[at(i)];
            for (Index p = 1; p < n[0]; ++p)
                v = max ? std::max(v, x[at(p * n[1] + i)]) : v + x[at(p * n[1] + i)];
            y[at(i)] = max ? v : v * (1.0f / static_cast<float>(n[0]));
        }
    } else if (k == "layer_norm") {
        const Index c = n[1];
        for (Index p = 0; p < n[0]; ++p) {
            float mean = 0.0f, var = 0.0f;
            for (Index i = 0; i < c; ++i) mean += x[at(p * c + i)];
            mean /= static_cast<float>(c);
            for (Index i = 0; i < c; ++i) {
                const float d = x[at(p * c + i)] - mean;
                var += d * d;
            }
            const float inv = 1.0f / std::sqrt(var / static_cast<float>(c) + op.floats[0]);
            for (Index i = 0; i < c; ++i)
                y[at(p * c + i)] =
                    (x[at(p * c + i)] - mean) * inv * op.weights[0][at(i)] + op.weights[1][at(i)];
        }
    } else if (k == "upsampling1d") {
        for (Index p = 0; p < n[0]; ++p)
            for (Index r = 0; r < n[2]; ++r)
                for (Index i = 0; i < n[1]; ++i)
                    y[at((p * n[2] + r) * n[1] + i)] = x[at(p * n[1] + i)];
    } else if (k == "add") {
        for (Index i = 0; i < n[0]; ++i) y[at(i)] = x[at(i)] + (*in[1])[at(i)];
    } else if (k == "concat") {
        const Index c = n[1] + n[2];
        for (Index p = 0; p < n[0]; ++p) {
            for (Index i = 0; i < n[1]; ++i) y[at(p * c + i)] = x[at(p * n[1] + i)];
            for (Index i = 0; i < n[2]; ++i) y[at(p * c + n[1] + i)] = (*in[1])[at(p * n[2] + i)];
        }
    } else if (k == "channel_scale") {
        for (Index p = 0; p < n[0]; ++p)
            for (Index i = 0; i < n[1]; ++i)
                y[at(p * n[1] + i)] = x[at(p * n[1] + i)] * (*in[1])[at(i)];
    }
}

void CGraphRunner::activate(const CGraph::Op& op, Index group, std::vector<float>& values) {
    if (!op.hasActivation || op.act == Act::Linear) return;
    const Index n = static_cast<Index>(values.size());
    if (group < 1 || n % group != 0) bad(op, "activation groups");
    Mat<float> z = Eigen::Map<const Mat<float>>(values.data(), n, 1);
    Mat<float> a;
    ActParams p;
    p.leakyAlpha = op.alpha;
    p.eluAlpha = op.alpha;
    activationForward(op.act, z, a, group, p);
    std::copy(a.data(), a.data() + n, values.begin());
}

CGraphRunner::Trace CGraphRunner::run(const CGraph& g, const float* input) {
    Trace t;
    const auto& ts = g.tensors();
    t.tensors.resize(ts.size());
    t.tensors[0].assign(input, input + ts[0].size);
    for (const CGraph::Op& op : g.ops()) {
        std::vector<const std::vector<float>*> in;
        for (const int i : op.inputs) in.push_back(&t.tensors[static_cast<std::size_t>(i)]);
        const CGraph::Tensor& out = ts[static_cast<std::size_t>(op.output)];
        std::vector<float> y;
        compute(op, in, out.size, y);
        t.pre.push_back(y);
        activate(op, out.channels, y);
        t.tensors[static_cast<std::size_t>(op.output)] = std::move(y);
    }
    return t;
}

}  // namespace byom
