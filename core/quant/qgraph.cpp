#include "core/quant/qgraph.h"

#include <cmath>
#include <limits>
#include <map>
#include <type_traits>

#include "core/util/base64.h"
#include "core/util/error.h"

namespace byom {

namespace {

template <typename T>
std::string encode(const std::vector<T>& v) {
    return base64Encode(v.data(), v.size() * sizeof(T));
}

json floatOpToJson(const CGraph::Op& op) {
    json weights = json::array();
    for (const std::vector<float>& w : op.weights) weights.push_back(encode(w));
    return {{"kernel", op.kernel},
            {"ints", op.ints},
            {"floats", op.floats},
            {"weights", weights},
            {"weight_sizes",
             [&op] {
                 std::vector<std::size_t> n;
                 for (const std::vector<float>& w : op.weights) n.push_back(w.size());
                 return n;
             }()},
            {"activation", op.hasActivation ? activationName(op.act) : "none"},
            {"alpha", op.alpha}};
}

/// Reads one JSON file's values, each failure an Error naming the file and the JSON path.
class Reader {
public:
    explicit Reader(std::string where) : m_where(std::move(where)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& msg) const {
        throw Error(m_where + ": " + path + ": " + msg);
    }
    const json& field(const json& j, const std::string& key, const std::string& path) const {
        if (!j.is_object() || !j.contains(key)) fail(path + "." + key, "is missing");
        return j[key];
    }
    long long integer(const json& j, const std::string& key, const std::string& path, long long lo,
                      long long hi) const {
        const json& v = field(j, key, path);
        if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
            fail(path + "." + key,
                 "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
        return v.get<long long>();
    }
    template <typename T>
    std::vector<T> numbers(const json& j, const std::string& key, const std::string& path) const {
        const json& v = field(j, key, path);
        if (!v.is_array()) fail(path + "." + key, "must be a list of numbers");
        std::vector<T> out;
        for (const json& e : v) {
            if constexpr (std::is_integral_v<T>) {
                // Integers only, in T's range (a float or a huge value cast would be undefined).
                bool ok = e.is_number_integer();
                if (ok && e.is_number_unsigned()) {
                    ok = e.get<unsigned long long>() <=
                         static_cast<unsigned long long>(std::numeric_limits<T>::max());
                } else if (ok) {
                    const long long x = e.get<long long>();
                    ok = x >= static_cast<long long>(std::numeric_limits<T>::min()) &&
                         (std::is_unsigned_v<T> ||
                          x <= static_cast<long long>(std::numeric_limits<T>::max()));
                }
                if (!ok) fail(path + "." + key, "must be a list of integers in range");
            } else if (!e.is_number() ||
                       !(std::abs(e.get<double>()) <= double(std::numeric_limits<T>::max()))) {
                fail(path + "." + key, "must be a list of finite numbers");
            }
            out.push_back(e.get<T>());
        }
        return out;
    }
    template <typename T>
    std::vector<T> bytes(const json& j, const std::string& key, const std::string& path,
                         std::size_t count) const {
        const json& v = field(j, key, path);
        std::vector<T> out(count);
        if (!v.is_string() ||
            !base64DecodeTo(v.get_ref<const std::string&>(), out.data(), count * sizeof(T)))
            fail(path + "." + key, "must be base64 of " + std::to_string(count) + " values");
        return out;
    }

private:
    std::string m_where;
};

/// The sizes each kernel reads and writes, checked against its ints, arrays and tensors so
/// that a file the engine runs can never read outside an array.
void checkOp(const QGraph& g, const QGraph::Op& op, const Reader& r, const std::string& path) {
    const auto& t = g.tensors;
    const auto need = [&](std::size_t ints, std::size_t inputs) {
        if (op.ints.size() != ints)
            r.fail(path + ".ints",
                   "must hold " + std::to_string(ints) + " integers for " + op.kernel);
        if (op.inputs.size() != inputs)
            r.fail(path + ".inputs", "must name " + std::to_string(inputs) + " tensors");
        for (Index v : op.ints)
            if (v < 0) r.fail(path + ".ints", "must not be negative");
    };
    const auto size = [&](int tensor) { return t[static_cast<std::size_t>(tensor)].size; };
    const auto expect = [&](bool ok, const std::string& what) {
        if (!ok) r.fail(path, what + " does not match the " + op.kernel + " kernel's ints");
    };
    const auto perOutput = [&](Index inputs, Index weights, Index outputs) {
        expect(size(op.inputs[0]) == inputs, "the input's size");
        expect(size(op.output) == outputs, "the output's size");
        expect(static_cast<Index>(op.weights.size()) == weights, "the weights' count");
        expect(static_cast<Index>(op.requant.size()) == t[op.output].channels &&
                   static_cast<Index>(op.bias.size()) == t[op.output].channels,
               "the biases' or multipliers' count");
    };
    const auto window = [&]() { expect(op.ints[3] >= 1 && op.ints[4] >= 1, "the window"); };
    const std::string& k = op.kernel;
    const std::vector<Index>& n = op.ints;
    if (k == "quantize" || k == "dequantize") {
        need(1, 1);
        expect(size(op.inputs[0]) == n[0] && size(op.output) == n[0], "the size");
    } else if (k == "dense") {
        need(2, 1);
        perOutput(n[0], n[0] * n[1], n[1]);
    } else if (k == "conv1d" || k == "depthwise_conv1d") {
        need(8, 1);
        window();
        expect(n[5] >= 1, "the dilation");
        const Index outC = k == "conv1d" ? n[2] : n[1] * n[2];
        perOutput(n[0] * n[1], n[3] * n[1] * n[2], n[7] * outC);
    } else if (k == "add") {
        need(2, 2);
        expect(size(op.inputs[0]) == n[0] && size(op.inputs[1]) == n[0] && size(op.output) == n[0],
               "the sizes");
        expect(op.requant.size() == 3, "the multipliers' count");
    } else if (k == "channel_scale") {
        need(2, 2);
        expect(size(op.inputs[0]) == n[0] * n[1] && size(op.inputs[1]) == n[1] &&
                   size(op.output) == n[0] * n[1],
               "the sizes");
        expect(op.requant.size() == 1, "the multipliers' count");
    } else if (k == "lut" || k == "softmax") {
        need(k == "lut" ? 1 : 2, 1);
        expect(size(op.inputs[0]) == n[0] && size(op.output) == n[0], "the size");
        if (k == "softmax") expect(n[1] >= 1 && n[0] % n[1] == 0, "the group");
        expect(op.table.size() == 256, "the table's size");
    } else if (k == "max_pool1d" || k == "avg_pool1d") {
        need(6, 1);
        expect(n[2] >= 1 && n[3] >= 1, "the window");
        expect(size(op.inputs[0]) == n[0] * n[1] && size(op.output) == n[5] * n[1], "the sizes");
    } else if (k == "global_avg_pool1d" || k == "global_max_pool1d") {
        need(2, 1);
        expect(n[0] >= 1 && size(op.inputs[0]) == n[0] * n[1] && size(op.output) == n[1],
               "the sizes");
    } else if (k == "upsampling1d") {
        need(3, 1);
        expect(size(op.inputs[0]) == n[0] * n[1] && size(op.output) == n[0] * n[1] * n[2],
               "the sizes");
    } else if (k != "float") {
        r.fail(path + ".kernel", "unknown kernel \"" + k + "\"");
    }
    const bool floatOp = k == "float" || k == "quantize";
    for (const int in : op.inputs)
        if (t[static_cast<std::size_t>(in)].isFloat != floatOp)
            r.fail(path + ".inputs",
                   "a " + k + " op reads " + std::string(floatOp ? "float" : "int8") + " tensors");
    const bool floatOut = k == "float" || k == "dequantize";
    if (t[static_cast<std::size_t>(op.output)].isFloat != floatOut)
        r.fail(path + ".output",
               "a " + k + " op writes a " + std::string(floatOut ? "float" : "int8") + " tensor");
}

}  // namespace

long long QGraph::weightBytes() const {
    long long n = 0;
    for (const Op& op : ops) {
        n += static_cast<long long>(op.weights.size() + 4 * op.bias.size() + 8 * op.requant.size());
        n += static_cast<long long>(op.kernel == "lut" ? op.table.size() : 4 * op.table.size());
        for (const std::vector<float>& w : op.floatOp.weights)
            n += static_cast<long long>(4 * w.size());
    }
    return n;
}

long long QGraph::macs() const {
    long long n = 0;
    for (const Op& op : ops) n += op.macs;
    return n;
}

json QGraph::toJson() const {
    json ts = json::array();
    for (const Tensor& t : tensors)
        ts.push_back({{"size", t.size},
                      {"channels", t.channels},
                      {"float", t.isFloat},
                      {"scale", t.params.scale},
                      {"zero_point", t.params.zeroPoint},
                      {"source", t.source},
                      {"pre_activation", t.preActivation}});
    json os = json::array();
    for (const Op& op : ops) {
        json requant = json::array();
        for (const QuantizedMultiplier& m : op.requant) requant.push_back({m.multiplier, m.shift});
        json o = {{"kernel", op.kernel},
                  {"inputs", op.inputs},
                  {"output", op.output},
                  {"ints", op.ints},
                  {"weights", encode(op.weights)},
                  {"bias", op.bias},
                  {"requant", requant},
                  {"table", op.table},
                  {"act_min", op.actMin},
                  {"act_max", op.actMax},
                  {"source", op.source},
                  {"layer", op.layer},
                  {"layer_name", op.layerName},
                  {"layer_kind", op.layerKind},
                  {"macs", op.macs}};
        if (op.kernel == "float") o["float_op"] = floatOpToJson(op.floatOp);
        os.push_back(o);
    }
    json fl = json::array();
    for (const auto& f : floatLayers) fl.push_back({{"layer", f.first}, {"why", f.second}});
    return {{"tensors", ts}, {"ops", os}, {"output", output}, {"float_layers", fl}};
}

QGraph QGraph::fromJson(const json& j, const std::string& where) {
    const Reader r(where);
    const std::string root = "quantization.graph";
    QGraph g;
    const json& ts = r.field(j, "tensors", root);
    if (!ts.is_array() || ts.empty()) r.fail(root + ".tensors", "must be a non-empty list");
    constexpr long long kMax = 1LL << 31;
    for (std::size_t i = 0; i < ts.size(); ++i) {
        const std::string p = root + ".tensors[" + std::to_string(i) + "]";
        Tensor t;
        t.size = r.integer(ts[i], "size", p, 1, kMax);
        t.channels = r.integer(ts[i], "channels", p, 1, t.size);
        const json& f = r.field(ts[i], "float", p);
        if (!f.is_boolean()) r.fail(p + ".float", "must be true or false");
        t.isFloat = f.get<bool>();
        const json& s = r.field(ts[i], "scale", p);
        if (!s.is_number() || !(s.get<double>() > 0.0) || !std::isfinite(s.get<double>()))
            r.fail(p + ".scale", "must be a positive number");
        t.params.scale = s.get<float>();
        t.params.zeroPoint =
            static_cast<std::int32_t>(r.integer(ts[i], "zero_point", p, -128, 127));
        t.source = static_cast<int>(r.integer(ts[i], "source", p, -1, kMax));
        t.preActivation = ts[i].value("pre_activation", false);
        g.tensors.push_back(t);
    }
    if (!g.tensors[0].isFloat) r.fail(root + ".tensors[0].float", "the input must be float");
    const long long last = static_cast<long long>(g.tensors.size()) - 1;
    const json& os = r.field(j, "ops", root);
    if (!os.is_array()) r.fail(root + ".ops", "must be a list");
    std::vector<bool> written(g.tensors.size(), false);
    written[0] = true;
    for (std::size_t i = 0; i < os.size(); ++i) {
        const std::string p = root + ".ops[" + std::to_string(i) + "]";
        const json& o = os[i];
        Op op;
        const json& kernel = r.field(o, "kernel", p);
        if (!kernel.is_string()) r.fail(p + ".kernel", "must be a string");
        op.kernel = kernel.get<std::string>();
        for (const long long in : r.numbers<long long>(o, "inputs", p)) {
            if (in < 0 || in > last || !written[static_cast<std::size_t>(in)])
                r.fail(p + ".inputs", "names a tensor no earlier op writes");
            op.inputs.push_back(static_cast<int>(in));
        }
        op.output = static_cast<int>(r.integer(o, "output", p, 1, last));
        if (written[static_cast<std::size_t>(op.output)])
            r.fail(p + ".output", "names a tensor written before");
        written[static_cast<std::size_t>(op.output)] = true;
        for (const long long v : r.numbers<long long>(o, "ints", p))
            op.ints.push_back(static_cast<Index>(v));
        op.bias = r.numbers<std::int32_t>(o, "bias", p);
        op.table = r.numbers<std::int32_t>(o, "table", p);
        const json& rq = r.field(o, "requant", p);
        if (!rq.is_array()) r.fail(p + ".requant", "must be a list of [multiplier, shift]");
        for (const json& m : rq) {
            if (!m.is_array() || m.size() != 2 || !m[0].is_number_integer() ||
                !m[1].is_number_integer() || m[1].get<int>() < -31 || m[1].get<int>() > 30 ||
                m[0].get<long long>() < 0 || m[0].get<long long>() > 2147483647LL)
                r.fail(p + ".requant",
                       "must be a list of [multiplier, shift] (multiplier 0 to 2^31 - 1, shift "
                       "-31 to 30)");
            op.requant.push_back({m[0].get<std::int32_t>(), m[1].get<int>()});
        }
        op.actMin = static_cast<std::int32_t>(r.integer(o, "act_min", p, -128, 127));
        op.actMax = static_cast<std::int32_t>(r.integer(o, "act_max", p, op.actMin, 127));
        const json& w = r.field(o, "weights", p);
        if (!w.is_string()) r.fail(p + ".weights", "must be base64");
        std::vector<std::uint8_t> bytes;
        if (!base64Decode(w.get_ref<const std::string&>(), bytes))
            r.fail(p + ".weights", "must be base64");
        op.weights.assign(bytes.begin(), bytes.end());
        op.source = static_cast<int>(o.value("source", -1));
        op.layer = o.value("layer", "");
        op.layerName = o.value("layer_name", "");
        op.layerKind = o.value("layer_kind", "");
        op.macs = o.value("macs", 0LL);
        if (op.kernel == "float") {
            const json& f = r.field(o, "float_op", p);
            const std::string fp = p + ".float_op";
            CGraph::Op& c = op.floatOp;
            c.kernel = r.field(f, "kernel", fp).get<std::string>();
            c.inputs = op.inputs;
            c.output = op.output;
            for (const long long v : r.numbers<long long>(f, "ints", fp))
                c.ints.push_back(static_cast<Index>(v));
            c.floats = r.numbers<float>(f, "floats", fp);
            const std::vector<std::size_t> sizes = r.numbers<std::size_t>(f, "weight_sizes", fp);
            const json& fw = r.field(f, "weights", fp);
            if (!fw.is_array() || fw.size() != sizes.size())
                r.fail(fp + ".weights", "must hold one base64 string per weight size");
            for (std::size_t k = 0; k < sizes.size(); ++k) {
                // Base64 holds 3 bytes per 4 characters: a size the text cannot hold is refused
                // before anything is allocated.
                if (!fw[k].is_string() ||
                    sizes[k] > fw[k].get_ref<const std::string&>().size() / 4 * 3 / 4 + 1)
                    r.fail(fp + ".weights[" + std::to_string(k) + "]", "must be base64 floats");
                std::vector<float> values(sizes[k]);
                if (!fw[k].is_string() || !base64DecodeTo(fw[k].get_ref<const std::string&>(),
                                                          values.data(), 4 * sizes[k]))
                    r.fail(fp + ".weights[" + std::to_string(k) + "]", "must be base64 floats");
                c.weights.push_back(std::move(values));
            }
            const std::string act = r.field(f, "activation", fp).get<std::string>();
            c.hasActivation = act != "none";
            try {
                c.act = c.hasActivation ? parseActivation(act) : Act::Linear;
            } catch (const Error& e) {
                r.fail(fp + ".activation", e.what());
            }
            c.alpha = f.value("alpha", 0.0f);
        }
        g.ops.push_back(std::move(op));
        checkOp(g, g.ops.back(), r, p);
    }
    g.output = static_cast<int>(r.integer(j, "output", root, 0, last));
    if (!g.tensors[static_cast<std::size_t>(g.output)].isFloat ||
        !written[static_cast<std::size_t>(g.output)])
        r.fail(root + ".output", "must be a float tensor an op writes");
    const json& fl = j.value("float_layers", json::array());
    for (const json& f : fl)
        if (f.is_object()) g.floatLayers.emplace_back(f.value("layer", ""), f.value("why", ""));
    return g;
}

}  // namespace byom
