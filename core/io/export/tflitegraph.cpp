#include "core/io/export/tflitegraph.h"

#include <flatbuffers/flatbuffers.h>

#include <cstring>
#include <map>
#include <utility>

namespace byom {

namespace {

using Builder = flatbuffers::FlatBufferBuilder;
template <typename T>
using Offset = flatbuffers::Offset<T>;
using Table = Offset<void>;

Offset<flatbuffers::Vector<std::int32_t>> ints(Builder& b, const std::vector<std::int32_t>& v) {
    return b.CreateVector(v);
}

Table options(Builder& b, const TfliteGraph::Options& o) {
    using Kind = TfliteGraph::Field::Kind;
    // Vectors first: a table is built without anything nested in it.
    std::map<int, Offset<flatbuffers::Vector<std::int32_t>>> vectors;
    for (const TfliteGraph::Field& f : o.fields)
        if (f.kind == Kind::I32Vector) vectors[f.id] = ints(b, f.v);
    const auto start = b.StartTable();
    for (const TfliteGraph::Field& f : o.fields) {
        const auto s = tfl::slot(f.id);
        switch (f.kind) {
            case Kind::I32:
                b.AddElement<std::int32_t>(s, f.i);
                break;
            case Kind::F32:
                b.AddElement<float>(s, f.f);
                break;
            case Kind::I8:
                b.AddElement<std::int8_t>(s, static_cast<std::int8_t>(f.i));
                break;
            case Kind::Bool:
                b.AddElement<std::uint8_t>(s, static_cast<std::uint8_t>(f.i));
                break;
            case Kind::I32Vector:
                b.AddOffset(s, vectors.at(f.id));
                break;
        }
    }
    return Table(b.EndTable(start));
}

/// A vector's bytes as stored in a buffer (little-endian, as the host).
template <typename T>
std::string rawBytes(const std::vector<T>& values) {
    std::string bytes(values.size() * sizeof(T), '\0');
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

/// A QuantizationParameters table: scale and zero_point vectors, quantized_dimension.
Table quantization(Builder& b, const TfliteGraph::Quantization& q) {
    const auto scale = b.CreateVector(q.scale);
    const auto zero = b.CreateVector(q.zeroPoint);
    const auto start = b.StartTable();
    b.AddOffset(tfl::slot(tfl::quantization::scale), scale);
    b.AddOffset(tfl::slot(tfl::quantization::zeroPoint), zero);
    b.AddElement<std::int32_t>(tfl::slot(tfl::quantization::dimension), q.dimension);
    return Table(b.EndTable(start));
}

}  // namespace

TfliteGraph::Options& TfliteGraph::Options::i32(int id, std::int32_t value) {
    fields.push_back({id, Field::Kind::I32, value, 0.0f, {}});
    return *this;
}
TfliteGraph::Options& TfliteGraph::Options::f32(int id, float value) {
    fields.push_back({id, Field::Kind::F32, 0, value, {}});
    return *this;
}
TfliteGraph::Options& TfliteGraph::Options::i8(int id, std::int8_t value) {
    fields.push_back({id, Field::Kind::I8, value, 0.0f, {}});
    return *this;
}
TfliteGraph::Options& TfliteGraph::Options::boolean(int id, bool value) {
    fields.push_back({id, Field::Kind::Bool, value ? 1 : 0, 0.0f, {}});
    return *this;
}
TfliteGraph::Options& TfliteGraph::Options::ints(int id, std::vector<std::int32_t> values) {
    fields.push_back({id, Field::Kind::I32Vector, 0, 0.0f, std::move(values)});
    return *this;
}

int TfliteGraph::tensor(const std::string& name, const std::vector<std::int32_t>& shape) {
    m_tensors.push_back({name, shape, tfl::Type::Float32, 0, {}});
    return static_cast<int>(m_tensors.size()) - 1;
}

int TfliteGraph::quantized(const std::string& name, const std::vector<std::int32_t>& shape,
                           tfl::Type type, Quantization q) {
    m_tensors.push_back({name, shape, type, 0, std::move(q)});
    return static_cast<int>(m_tensors.size()) - 1;
}

int TfliteGraph::tensorLike(const std::string& name, const std::vector<std::int32_t>& shape,
                            int like) {
    const Tensor& t = tensorAt(like);
    return quantized(name, shape, t.type, t.quantization);
}

int TfliteGraph::addConstant(Tensor t, std::string bytes) {
    m_buffers.push_back(std::move(bytes));
    t.buffer = static_cast<int>(m_buffers.size()) - 1;
    m_tensors.push_back(std::move(t));
    return static_cast<int>(m_tensors.size()) - 1;
}

int TfliteGraph::constant(const std::string& name, const std::vector<std::int32_t>& shape,
                          const std::vector<float>& values) {
    return addConstant({name, shape, tfl::Type::Float32, 0, {}}, rawBytes(values));
}

int TfliteGraph::constantInt32(const std::string& name, const std::vector<std::int32_t>& values) {
    return addConstant({name, {static_cast<std::int32_t>(values.size())}, tfl::Type::Int32, 0, {}},
                       rawBytes(values));
}

int TfliteGraph::constantInt8(const std::string& name, const std::vector<std::int32_t>& shape,
                              const std::vector<std::int8_t>& values, Quantization q) {
    return addConstant({name, shape, tfl::Type::Int8, 0, std::move(q)}, rawBytes(values));
}

int TfliteGraph::constantInt32(const std::string& name, const std::vector<std::int32_t>& shape,
                               const std::vector<std::int32_t>& values, Quantization q) {
    return addConstant({name, shape, tfl::Type::Int32, 0, std::move(q)}, rawBytes(values));
}

int TfliteGraph::add(tfl::Builtin code, std::vector<int> inputs, std::vector<int> outputs,
                     Options options, int version) {
    if (!inputs.empty() && tensorAt(inputs[0]).type == tfl::Type::Int8)
        version = int8Version(code, inputs, outputs, version);
    m_ops.push_back({code, version, std::move(inputs), std::move(outputs), std::move(options)});
    return static_cast<int>(m_ops.size()) - 1;
}

int TfliteGraph::int8Version(tfl::Builtin code, const std::vector<int>& inputs,
                             const std::vector<int>& outputs, int version) const {
    using tfl::Builtin;
    switch (code) {
        case Builtin::Conv2d:
        case Builtin::DepthwiseConv2d:
            return 3;  // int8 input, weights and output (dilated or not)
        case Builtin::Mul: {
            // Version 3: a rescale s_a s_b / s_out of at least 1.
            const double rescale = double(tensorAt(inputs[0]).quantization.scale.at(0)) *
                                   double(tensorAt(inputs[1]).quantization.scale.at(0)) /
                                   double(tensorAt(outputs[0]).quantization.scale.at(0));
            return rescale >= 1.0 ? 3 : 2;
        }
        case Builtin::Add:
        case Builtin::AveragePool2d:
        case Builtin::MaxPool2d:
        case Builtin::Concatenation:
        case Builtin::Dequantize:
        case Builtin::Pad:
        case Builtin::Softmax:
        case Builtin::Logistic:
        case Builtin::Tanh:
        case Builtin::Relu:
        case Builtin::Relu6:
        case Builtin::Mean:
        case Builtin::Transpose:
        case Builtin::Slice:
            return 2;
        default:
            return version;  // RESHAPE: 1 for every type
    }
}

std::vector<float> TfliteGraph::values(int t) const {
    const std::string& bytes = m_buffers[static_cast<std::size_t>(tensorAt(t).buffer)];
    std::vector<float> v(bytes.size() / sizeof(float));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
    return v;
}

void TfliteGraph::setValues(int t, const std::vector<float>& values) {
    std::string& bytes = m_buffers[static_cast<std::size_t>(tensorAt(t).buffer)];
    bytes.assign(values.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
}

std::string TfliteGraph::serialize() const {
    Builder b;
    b.ForceDefaults(true);
    std::vector<Table> buffers;
    for (const std::string& bytes : m_buffers) {
        Offset<flatbuffers::Vector<std::uint8_t>> data;
        if (!bytes.empty()) {
            b.ForceVectorAlignment(bytes.size(), 1, 16);
            data =
                b.CreateVector(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        }
        const auto start = b.StartTable();
        if (!bytes.empty()) b.AddOffset(tfl::slot(tfl::buffer::data), data);
        buffers.push_back(Table(b.EndTable(start)));
    }
    std::vector<Table> tensors;
    for (const Tensor& t : m_tensors) {
        const auto shape = ints(b, t.shape);
        const auto name = b.CreateString(t.name);
        const bool quantized = !t.quantization.scale.empty();
        const Table q = quantized ? quantization(b, t.quantization) : Table();
        const auto start = b.StartTable();
        b.AddOffset(tfl::slot(tfl::tensor::shape), shape);
        b.AddElement<std::int8_t>(tfl::slot(tfl::tensor::type), static_cast<std::int8_t>(t.type));
        b.AddElement<std::uint32_t>(tfl::slot(tfl::tensor::buffer),
                                    static_cast<std::uint32_t>(t.buffer));
        b.AddOffset(tfl::slot(tfl::tensor::name), name);
        if (quantized) b.AddOffset(tfl::slot(tfl::tensor::quantization), q);
        tensors.push_back(Table(b.EndTable(start)));
    }
    // One operator code per (builtin, version), in order of first use.
    std::vector<std::pair<tfl::Builtin, int>> codes;
    std::vector<Table> ops;
    for (const Operator& o : m_ops) {
        std::size_t index = 0;
        while (index < codes.size() && codes[index] != std::make_pair(o.code, o.version)) ++index;
        if (index == codes.size()) codes.emplace_back(o.code, o.version);
        const auto in = ints(b, o.inputs);
        const auto out = ints(b, o.outputs);
        const bool hasOptions = o.options.type != tfl::options::None;
        const Table opts = hasOptions ? options(b, o.options) : Table();
        const auto start = b.StartTable();
        b.AddElement<std::uint32_t>(tfl::slot(tfl::op::opcodeIndex),
                                    static_cast<std::uint32_t>(index));
        b.AddOffset(tfl::slot(tfl::op::inputs), in);
        b.AddOffset(tfl::slot(tfl::op::outputs), out);
        if (hasOptions) {
            b.AddElement<std::uint8_t>(tfl::slot(tfl::op::optionsType), o.options.type);
            b.AddOffset(tfl::slot(tfl::op::options), opts);
        }
        ops.push_back(Table(b.EndTable(start)));
    }
    const auto tensorVec = b.CreateVector(tensors);
    const auto inputs = ints(b, m_inputs);
    const auto outputs = ints(b, m_outputs);
    const auto opVec = b.CreateVector(ops);
    const auto graphName = b.CreateString("main");
    auto start = b.StartTable();
    b.AddOffset(tfl::slot(tfl::subgraph::tensors), tensorVec);
    b.AddOffset(tfl::slot(tfl::subgraph::inputs), inputs);
    b.AddOffset(tfl::slot(tfl::subgraph::outputs), outputs);
    b.AddOffset(tfl::slot(tfl::subgraph::operators), opVec);
    b.AddOffset(tfl::slot(tfl::subgraph::name), graphName);
    const Table graph(b.EndTable(start));
    std::vector<Table> opcodes;
    for (const auto& [code, version] : codes) {
        const std::int32_t c = static_cast<std::int32_t>(code);
        start = b.StartTable();
        b.AddElement<std::int8_t>(
            tfl::slot(tfl::opcode::deprecatedBuiltinCode),
            static_cast<std::int8_t>(
                c < tfl::kPlaceholderForGreaterOpCodes ? c : tfl::kPlaceholderForGreaterOpCodes));
        b.AddElement<std::int32_t>(tfl::slot(tfl::opcode::version), version);
        b.AddElement<std::int32_t>(tfl::slot(tfl::opcode::builtinCode), c);
        opcodes.push_back(Table(b.EndTable(start)));
    }
    const auto opcodeVec = b.CreateVector(opcodes);
    const auto graphs = b.CreateVector(std::vector<Table>{graph});
    const auto description = b.CreateString(m_description);
    const auto bufferVec = b.CreateVector(buffers);
    start = b.StartTable();
    b.AddElement<std::uint32_t>(tfl::slot(tfl::model::version), tfl::kSchemaVersion);
    b.AddOffset(tfl::slot(tfl::model::operatorCodes), opcodeVec);
    b.AddOffset(tfl::slot(tfl::model::subgraphs), graphs);
    b.AddOffset(tfl::slot(tfl::model::description), description);
    b.AddOffset(tfl::slot(tfl::model::buffers), bufferVec);
    b.Finish(Offset<void>(b.EndTable(start)), tfl::kFileIdentifier);
    return std::string(reinterpret_cast<const char*>(b.GetBufferPointer()), b.GetSize());
}

}  // namespace byom
