#include "core/io/export/cint8source.h"

#include <algorithm>
#include <set>

#include "core/graph/arenaplanner.h"
#include "core/io/export/cint8kernels.h"
#include "core/io/export/ckernels.h"

namespace byom {

namespace {

std::size_t at(Index i) {
    return static_cast<std::size_t>(i);
}

/// A tensor's bytes in the arena, a multiple of 4 so that every offset is aligned for float.
Index bytes(const QGraph::Tensor& t) {
    return (t.size * (t.isFloat ? 4 : 1) + 3) / 4 * 4;
}

/// Every tensor but the input (tensor t is buffer t - 1), alive from the op writing it to the
/// last op reading it (the output: to the copy after the last op).
ArenaPlanner planArena(const QGraph& g) {
    std::vector<ArenaPlanner::Buffer> buffers(g.tensors.size() - 1);
    for (std::size_t t = 1; t < g.tensors.size(); ++t) buffers[t - 1].size = bytes(g.tensors[t]);
    for (std::size_t i = 0; i < g.ops.size(); ++i) {
        const int step = static_cast<int>(i);
        const QGraph::Op& op = g.ops[i];
        if (op.output > 0)
            buffers[at(op.output - 1)].first = buffers[at(op.output - 1)].last = step;
        for (const int in : op.inputs)
            if (in > 0) buffers[at(in - 1)].last = std::max(buffers[at(in - 1)].last, step);
    }
    if (g.output > 0) buffers[at(g.output - 1)].last = static_cast<int>(g.ops.size());
    return ArenaPlanner(std::move(buffers));
}

/// The C library's weight order: dense (out, in), conv1d (filters, k, c), depthwise
/// (k, c * mult) as the graph holds it (the others have the output channel last there).
std::vector<std::int8_t> libraryOrder(const QGraph::Op& op) {
    if (op.kernel == "depthwise_conv1d") return op.weights;
    const std::vector<Index>& n = op.ints;
    const bool dense = op.kernel == "dense";
    const Index c = dense ? n[0] : n[1], k = dense ? 1 : n[3];
    const Index outC = dense ? n[1] : n[2];
    const Index perOut = k * c;
    std::vector<std::int8_t> w(op.weights.size());
    for (Index q = 0; q < outC; ++q)
        for (Index r = 0; r < perOut; ++r) w[at(q * perOut + r)] = op.weights[at(r * outC + q)];
    return w;
}

/// An op's constant arrays, their bytes, and its call.
struct Emitted {
    std::string arrays;
    std::string call;
    long long bytes = 0;

    /// `static const TYPE NAME[n] = {...};` sixteen values a line (TYPE int8_t or int32_t).
    template <typename T>
    void ints(const std::string& type, const std::string& name, const std::vector<T>& v) {
        arrays += "static const " + type + " " + name + "[" +
                  std::to_string(std::max<std::size_t>(v.size(), 1)) + "] = {";
        for (std::size_t i = 0; i < v.size(); ++i)
            arrays += (i % 16 == 0 ? "\n    " : " ") +
                      std::to_string(static_cast<long long>(v[i])) + (i + 1 < v.size() ? "," : "");
        if (v.empty()) arrays += "0";
        arrays += "\n};\n";
        bytes += static_cast<long long>(v.size()) * (type == "int8_t" ? 1 : 4);
    }
};

/// An int8 op's constant arrays and its call.
Emitted int8Op(const QGraph& g, const QGraph::Op& op, std::size_t index) {
    const std::string i = std::to_string(index);
    const auto zero = [&g](int t) { return std::to_string(g.tensors[at(t)].params.zeroPoint); };
    const auto scale = [&g](int t) { return CSource::literal(g.tensors[at(t)].params.scale); };
    Emitted e;
    std::vector<std::string> args;
    for (const int in : op.inputs) args.push_back("t" + std::to_string(in));
    args.push_back("t" + std::to_string(op.output));
    const std::string& k = op.kernel;
    if (k == "quantize") {
        args.insert(args.end(), {std::to_string(op.ints[0]), scale(op.output), zero(op.output)});
    } else if (k == "dequantize") {
        args.insert(args.end(),
                    {std::to_string(op.ints[0]), scale(op.inputs[0]), zero(op.inputs[0])});
    } else if (k == "lut") {
        std::vector<std::int8_t> table;
        for (const std::int32_t v : op.table) table.push_back(static_cast<std::int8_t>(v));
        e.ints("int8_t", "tab" + i, table);
        args.insert(args.end(), {"tab" + i, std::to_string(op.ints[0])});
    } else if (k == "softmax") {
        e.ints("int32_t", "tab" + i, op.table);
        args.insert(args.end(),
                    {"tab" + i, std::to_string(op.ints[0]), std::to_string(op.ints[1])});
    } else {
        const bool weighted = k == "dense" || k == "conv1d" || k == "depthwise_conv1d";
        const bool requantizes = weighted || k == "add" || k == "channel_scale";
        // dense and conv1d: the input's zero point folded into the biases; dense gets 0 for it,
        // conv1d the zero point, which the taps of a padded window outside the input read.
        const bool folded = k == "dense" || k == "conv1d";
        if (weighted) {
            const std::vector<std::int8_t> w = libraryOrder(op);
            std::vector<std::int32_t> bias = op.bias;
            if (folded) {
                // bias - zx * sum w: the sums over (x - zx) * w as sums over x * w, exact in
                // int32 (|zx * sum w| <= 128 * 127 * the weights of an output)
                const std::size_t per = w.size() / bias.size();
                const std::int32_t zx = g.tensors[at(op.inputs[0])].params.zeroPoint;
                for (std::size_t q = 0; q < bias.size(); ++q) {
                    std::int32_t sum = 0;
                    for (std::size_t r = 0; r < per; ++r) sum += w[q * per + r];
                    bias[q] -= zx * sum;
                }
            }
            e.ints("int8_t", "w" + i, w);
            e.ints("int32_t", "b" + i, bias);
            args.insert(args.end(), {"w" + i, "b" + i});
        }
        if (requantizes) {
            std::vector<std::int32_t> m;
            std::vector<int> s;
            for (const QuantizedMultiplier& r : op.requant) {
                m.push_back(r.multiplier);
                s.push_back(r.shift);
            }
            e.ints("int32_t", "m" + i, m);
            e.ints("int8_t", "s" + i, s);
            args.insert(args.end(), {"m" + i, "s" + i});
        }
        // add's second int (the softmax group of the float kernel) is not the int8 kernel's.
        const std::size_t ints = k == "add" ? 1 : op.ints.size();
        for (std::size_t n = 0; n < ints; ++n) args.push_back(std::to_string(op.ints[n]));
        if (requantizes) {
            for (const int in : op.inputs) args.push_back(k == "dense" ? "0" : zero(in));
            args.insert(args.end(),
                        {zero(op.output), std::to_string(op.actMin), std::to_string(op.actMax)});
        }
    }
    e.call = "q8_" + k + "(";
    for (std::size_t a = 0; a < args.size(); ++a) e.call += (a ? ", " : "") + args[a];
    e.call += ");";
    return e;
}

/// A layer kept in float: the float library's kernel on the graph's float tensors.
Emitted floatOp(const QGraph::Op& op, std::size_t index) {
    CGraph::Op f = op.floatOp;
    f.inputs = op.inputs;
    f.output = op.output;
    Emitted e;
    for (std::size_t k = 0; k < f.weights.size(); ++k)
        if (!f.weights[k].empty()) {
            e.arrays += CSource::array("w" + std::to_string(index) + "_" + std::to_string(k),
                                       f.weights[k].data(), f.weights[k].size(), op.layer);
            e.bytes += 4 * static_cast<long long>(f.weights[k].size());
        }
    e.call = f.kernel + "(" + CSource::arguments(f, index) + ");";
    return e;
}

/// NAME.c; `weightBytes` gets the bytes of its constant arrays.
std::string library(const QGraph& g, const CSource::Model& m, const ArenaPlanner& plan,
                    Index arenaBytes, long long& weightBytes) {
    std::vector<std::string> int8Used, floatUsed;
    std::set<Act> activations;
    for (const QGraph::Op& op : g.ops) {
        const bool isFloat = op.kernel == "float";
        std::vector<std::string>& used = isFloat ? floatUsed : int8Used;
        const std::string& k = isFloat ? op.floatOp.kernel : op.kernel;
        if (std::find(used.begin(), used.end(), k) == used.end()) used.push_back(k);
        if (isFloat && CKernels::takesActivation(k)) activations.insert(op.floatOp.act);
    }
    std::string c = "/* " + m.name + ".c: " + m.title + ", int8 (byom " BYOM_VERSION "). See " +
                    m.name + ".h. */\n";
    c += "#include \"" + m.name + ".h\"\n\n#include <math.h>\n" + CInt8Kernels::includes() + "\n";
    if (!floatUsed.empty()) c += CKernels::source(floatUsed, activations);
    c += CInt8Kernels::source(int8Used);
    std::string calls;
    c += "/* Weights, biases, requantisation multipliers and shifts, tables */\n";
    for (std::size_t i = 0; i < g.ops.size(); ++i) {
        const QGraph::Op& op = g.ops[i];
        const Emitted e = op.kernel == "float" ? floatOp(op, i) : int8Op(g, op, i);
        c += e.arrays;
        weightBytes += e.bytes;
        calls += "    /* " + op.layer + " */\n    " + e.call + "\n";
    }
    c += "\nstatic float " + m.name + "_arena[" + std::to_string(arenaBytes / 4) + "];\n\n";
    c += "int " + m.name +
         "_predict_with_arena(const float *input, float *output, float *arena)\n{\n";
    // A graph of no ops (a model that quantises to a copy) places no tensor in the arena.
    if (g.tensors.size() > 1) c += "    unsigned char *const a = (unsigned char *)arena;\n";
    c += "    const float *t0 = input;\n";
    for (std::size_t t = 1; t < g.tensors.size(); ++t) {
        const QGraph::Tensor& tensor = g.tensors[t];
        const std::string offset = std::to_string(plan.offsets()[t - 1]);
        c += tensor.isFloat ? "    float *const t" + std::to_string(t) +
                                  " = (float *)(void *)(a + " + offset + "); /* "
                            : "    int8_t *const t" + std::to_string(t) + " = (int8_t *)(a + " +
                                  offset + "); /* ";
        c += std::to_string(tensor.size) + (tensor.isFloat ? " floats */\n" : " int8 */\n");
    }
    c += "    int i;\n    if (!input || !output || !arena) return -1;\n" + calls;
    c += "    for (i = 0; i < " + std::to_string(g.tensors[at(g.output)].size) +
         "; ++i) output[i] = t" + std::to_string(g.output) + "[i];\n";
    c += "    return 0;\n}\n\n";
    c += "int " + m.name + "_predict(const float *input, float *output)\n{\n";
    c += "    return " + m.name + "_predict_with_arena(input, output, " + m.name + "_arena);\n}\n";
    return c;
}

}  // namespace

CInt8Source::Memory CInt8Source::memory(const QGraph& graph) {
    const ArenaPlanner plan = planArena(graph);
    Memory m;
    m.arenaBytes = std::max<Index>(plan.planned(), 4);
    m.arenaNaiveBytes = plan.naive();
    for (std::size_t i = 0; i < graph.ops.size(); ++i) {
        const QGraph::Op& op = graph.ops[i];
        m.opWeightBytes.push_back(op.kernel == "float" ? floatOp(op, i).bytes
                                                       : int8Op(graph, op, i).bytes);
    }
    return m;
}

std::map<std::string, std::string> CInt8Source::files(const QGraph& graph,
                                                      const CSource::Model& model) {
    const ArenaPlanner plan = planArena(graph);
    const Index arenaBytes = std::max<Index>(plan.planned(), 4);
    std::map<std::string, std::string> f = CSource::supportFiles(model);
    long long weightBytes = 0;
    f[model.name + ".c"] = library(graph, model, plan, arenaBytes, weightBytes);
    f[model.name + ".h"] = CSource::header(model, {"int8 (TFLite's integer scheme)", arenaBytes,
                                                   plan.naive(), graph.macs(), weightBytes});
    return f;
}

}  // namespace byom
