#include "core/graph/cgraph.h"

#include <algorithm>

#include "core/util/error.h"

namespace byom {

CGraph::CGraph(Index inputSize, Index inputChannels) {
    m_tensors.push_back({inputSize, inputChannels, -1, true});
    m_reads.push_back(0);
}

int CGraph::add(Op op, Index size, Index channels) {
    for (const int in : op.inputs) ++m_reads[static_cast<std::size_t>(in)];
    const int t = static_cast<int>(m_tensors.size());
    op.output = t;
    m_tensors.push_back({size, channels, static_cast<int>(m_ops.size()), false});
    m_reads.push_back(0);
    m_ops.push_back(std::move(op));
    return t;
}

bool CGraph::foldable(int tensor) const {
    const Tensor& t = m_tensors[static_cast<std::size_t>(tensor)];
    if (t.producer < 0 || t.pinned || m_reads[static_cast<std::size_t>(tensor)] != 0 ||
        tensor == m_output)
        return false;
    const Op& op = m_ops[static_cast<std::size_t>(t.producer)];
    if (op.hasActivation && op.act != Act::Linear) return false;
    return op.kernel == "dense" || op.kernel == "conv1d" || op.kernel == "conv1d_few" ||
           op.kernel == "depthwise_conv1d" || op.kernel == "affine";
}

void CGraph::fold(Op& op, const std::vector<double>& scale, const std::vector<double>& shift) {
    // Every kernel's weights run over the outputs fastest (dense [I][O], conv1d [K][C][F],
    // depthwise [K][C*M], affine [C]): weight e belongs to output channel e % channels.
    const std::size_t channels = scale.size();
    std::vector<float>& w = op.weights[0];
    for (std::size_t e = 0; e < w.size(); ++e)
        w[e] = static_cast<float>(static_cast<double>(w[e]) * scale[e % channels]);
    std::vector<float>& b = op.weights[1];
    if (b.empty()) b.assign(scale.size(), 0.0f);
    for (std::size_t q = 0; q < scale.size(); ++q)
        b[q] = static_cast<float>(static_cast<double>(b[q]) * scale[q] + shift[q]);
}

int CGraph::affine(int x, std::vector<double> scale, std::vector<double> shift,
                   const std::string& layer, bool mayFold) {
    const Tensor& t = m_tensors[static_cast<std::size_t>(x)];
    if (static_cast<Index>(scale.size()) != t.channels)
        throw Error(layer + ": " + std::to_string(scale.size()) + " scales for " +
                    std::to_string(t.channels) + " channels");
    if (mayFold && foldable(x)) {
        Op& op = m_ops[static_cast<std::size_t>(t.producer)];
        fold(op, scale, shift);
        op.layer += " + " + layer + " (folded)";
        return x;
    }
    Op op;
    op.kernel = "affine";
    op.inputs = {x};
    std::vector<float> a, b;
    for (std::size_t i = 0; i < scale.size(); ++i) {
        a.push_back(static_cast<float>(scale[i]));
        b.push_back(static_cast<float>(shift[i]));
    }
    op.weights = {a, b};
    op.ints = {t.size / t.channels, t.channels};
    op.layer = layer;
    op.work = t.size;
    return add(std::move(op), t.size, t.channels);
}

void CGraph::attribute(std::size_t firstOp, const std::string& name, const std::string& kind) {
    for (std::size_t i = firstOp; i < m_ops.size(); ++i)
        if (m_ops[i].layerName.empty()) {
            m_ops[i].layerName = name;
            m_ops[i].layerKind = kind;
        }
}

long long CGraph::macs() const {
    long long n = 0;
    for (const Op& op : m_ops) n += op.macs;
    return n;
}

long long CGraph::weightBytes() const {
    long long n = 0;
    for (const Op& op : m_ops)
        for (const std::vector<float>& w : op.weights)
            n += static_cast<long long>(w.size() * sizeof(float));
    return n;
}

ArenaPlanner CGraph::planArena() const {
    std::vector<ArenaPlanner::Buffer> buffers;
    for (std::size_t t = 1; t < m_tensors.size(); ++t)
        buffers.push_back({m_tensors[t].size, m_tensors[t].producer, m_tensors[t].producer});
    const int end = static_cast<int>(m_ops.size());
    for (std::size_t i = 0; i < m_ops.size(); ++i)
        for (const int in : m_ops[i].inputs)
            if (in > 0) {
                int& last = buffers[static_cast<std::size_t>(in - 1)].last;
                last = std::max(last, static_cast<int>(i));
            }
    if (m_output > 0) buffers[static_cast<std::size_t>(m_output - 1)].last = end;
    return ArenaPlanner(std::move(buffers));
}

}  // namespace byom
