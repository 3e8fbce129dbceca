#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/export/tfliteschema.h"

namespace byom {

/// A TFLite model being built: one subgraph of float32, int8 (quantised) and int32 (shapes,
/// quantised biases) tensors, constant tensors with their buffers, and builtin operators in
/// execution order; serialize() writes the FlatBuffer (schema v3, "TFL3"). Shapes include
/// the batch dimension (1).
class TfliteGraph {
public:
    /// One field of an operator's options table.
    struct Field {
        enum class Kind { I32, F32, I8, Bool, I32Vector };
        int id = 0;
        Kind kind = Kind::I32;
        std::int32_t i = 0;
        float f = 0.0f;
        std::vector<std::int32_t> v;
    };
    /// An operator's options: the table's position in the BuiltinOptions union and its fields.
    struct Options {
        std::uint8_t type = tfl::options::None;
        std::vector<Field> fields;

        explicit Options(std::uint8_t t = tfl::options::None) : type(t) {}
        Options& i32(int id, std::int32_t value);
        Options& f32(int id, float value);
        Options& i8(int id, std::int8_t value);
        Options& boolean(int id, bool value);
        Options& ints(int id, std::vector<std::int32_t> values);
    };
    /// A tensor's QuantizationParameters: real = scale * (q - zero point), one pair per
    /// tensor or one per slice along `dimension` (per-channel weights); empty: none.
    struct Quantization {
        std::vector<float> scale;
        std::vector<std::int64_t> zeroPoint;
        int dimension = 0;

        bool operator==(const Quantization&) const = default;
    };
    struct Tensor {
        std::string name;
        std::vector<std::int32_t> shape;
        tfl::Type type = tfl::Type::Float32;
        int buffer = 0;  // 0: no data (an activation)
        Quantization quantization;
    };
    struct Operator {
        tfl::Builtin code{};
        int version = 1;
        std::vector<int> inputs;
        std::vector<int> outputs;
        Options options;
    };

    explicit TfliteGraph(std::string description) : m_description(std::move(description)) {}

    /// A float32 tensor without data (the model's input or an operator's output).
    int tensor(const std::string& name, const std::vector<std::int32_t>& shape);
    /// A float32 constant.
    int constant(const std::string& name, const std::vector<std::int32_t>& shape,
                 const std::vector<float>& values);
    /// An int32 constant (a shape, paddings or axes).
    int constantInt32(const std::string& name, const std::vector<std::int32_t>& values);
    /// A tensor without data of type `type` and quantisation `q`.
    int quantized(const std::string& name, const std::vector<std::int32_t>& shape, tfl::Type type,
                  Quantization q);
    /// A tensor without data of `shape` and the type and quantisation of tensor `like`.
    int tensorLike(const std::string& name, const std::vector<std::int32_t>& shape, int like);
    /// An int8 constant (quantised weights).
    int constantInt8(const std::string& name, const std::vector<std::int32_t>& shape,
                     const std::vector<std::int8_t>& values, Quantization q);
    /// A quantised int32 constant (the biases of int8 operators).
    int constantInt32(const std::string& name, const std::vector<std::int32_t>& shape,
                      const std::vector<std::int32_t>& values, Quantization q);
    /// Appends an operator; returns its index. An operator reading int8 values gets the
    /// version TFLite's op_version rules give it for int8 (whatever `version` says).
    int add(tfl::Builtin code, std::vector<int> inputs, std::vector<int> outputs,
            Options options = Options{}, int version = 1);

    std::size_t tensorCount() const { return m_tensors.size(); }
    const Tensor& tensorAt(int t) const { return m_tensors[static_cast<std::size_t>(t)]; }
    const std::vector<std::int32_t>& shape(int t) const { return tensorAt(t).shape; }
    Operator& op(int index) { return m_ops[static_cast<std::size_t>(index)]; }
    /// The float values of a constant tensor, to rewrite them in place (BatchNorm folding).
    std::vector<float> values(int t) const;
    void setValues(int t, const std::vector<float>& values);

    void setInputs(std::vector<int> inputs) { m_inputs = std::move(inputs); }
    void setOutputs(std::vector<int> outputs) { m_outputs = std::move(outputs); }

    /// The .tflite file's bytes.
    std::string serialize() const;

private:
    int addConstant(Tensor t, std::string bytes);
    int int8Version(tfl::Builtin code, const std::vector<int>& inputs,
                    const std::vector<int>& outputs, int version) const;

    std::string m_description;
    std::vector<Tensor> m_tensors;
    std::vector<std::string> m_buffers{std::string()};  // buffer 0: the empty sentinel
    std::vector<Operator> m_ops;
    std::vector<int> m_inputs;
    std::vector<int> m_outputs;
};

}  // namespace byom
