#pragma once

#include <cstdint>

namespace byom::tfl {

// The few facts of the TFLite FlatBuffers schema (version 3, file identifier "TFL3") the
// exporter writes: the field ids of the tables it fills, the builtin operator codes, the
// option tables' positions in the BuiltinOptions union and two enums. Written from the public
// schema description; a field's vtable slot is 4 + 2 * id.

/// The vtable slot of field `id`.
constexpr std::uint16_t slot(int id) {
    return static_cast<std::uint16_t>(4 + 2 * id);
}

constexpr std::uint32_t kSchemaVersion = 3;
constexpr const char* kFileIdentifier = "TFL3";

// Field ids per table.
namespace model {
constexpr int version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4;
}
namespace opcode {
constexpr int deprecatedBuiltinCode = 0, version = 2, builtinCode = 3;
}
namespace subgraph {
constexpr int tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4;
}
namespace tensor {
constexpr int shape = 0, type = 1, buffer = 2, name = 3, quantization = 4;
}
/// QuantizationParameters (min 0, max 1 and details 4, 5 are not written).
namespace quantization {
constexpr int scale = 2, zeroPoint = 3, dimension = 6;
}
namespace op {
constexpr int opcodeIndex = 0, inputs = 1, outputs = 2, optionsType = 3, options = 4;
}
namespace buffer {
constexpr int data = 0;
}

/// TensorType.
enum class Type : std::int8_t { Float32 = 0, Int32 = 2, Int8 = 9 };
/// Padding.
enum class Padding : std::int8_t { Same = 0, Valid = 1 };
/// ActivationFunctionType (fused into an operator).
enum class Fused : std::int8_t { None = 0, Relu = 1, Relu6 = 3 };

/// BuiltinOperator codes. A code above 127 goes to OperatorCode.builtin_code, with the
/// placeholder 127 in the deprecated byte field.
enum class Builtin : std::int32_t {
    Add = 0,
    AveragePool2d = 1,
    Concatenation = 2,
    Conv2d = 3,
    DepthwiseConv2d = 4,
    Dequantize = 6,
    FullyConnected = 9,
    L2Normalization = 11,
    Logistic = 14,
    MaxPool2d = 17,
    Mul = 18,
    Relu = 19,
    Relu6 = 21,
    Reshape = 22,
    Softmax = 25,
    Tanh = 28,
    Pad = 34,
    Transpose = 39,
    Mean = 40,
    Sub = 41,
    Div = 42,
    Exp = 47,
    Maximum = 55,
    Minimum = 57,
    Neg = 59,
    Slice = 65,
    LeakyRelu = 98,
    Quantize = 114,
    HardSwish = 117,
};
constexpr std::int32_t kPlaceholderForGreaterOpCodes = 127;

/// Positions in the BuiltinOptions union (0: none), with the field ids of each table used.
namespace options {
constexpr std::uint8_t None = 0, Conv2d = 1, DepthwiseConv2d = 2, Pool2d = 5, FullyConnected = 8,
                       Softmax = 9, Concatenation = 10, Add = 11, L2Norm = 12, Reshape = 17,
                       Mul = 21, Pad = 22, Transpose = 26, Reducer = 27, Sub = 28, Div = 29,
                       Slice = 48, LeakyRelu = 75;
}
namespace conv2d {
constexpr int padding = 0, strideW = 1, strideH = 2, fused = 3, dilationW = 4, dilationH = 5;
}
namespace depthwise {
constexpr int padding = 0, strideW = 1, strideH = 2, depthMultiplier = 3, fused = 4, dilationW = 5,
              dilationH = 6;
}
namespace pool2d {
constexpr int padding = 0, strideW = 1, strideH = 2, filterW = 3, filterH = 4, fused = 5;
}
namespace fullyConnected {
constexpr int fused = 0;
}
namespace softmax {
constexpr int beta = 0;
}
namespace concatenation {
constexpr int axis = 0, fused = 1;
}
namespace reshape {
constexpr int newShape = 0;
}
namespace reducer {
constexpr int keepDims = 0;
}
namespace leakyRelu {
constexpr int alpha = 0;
}
/// AddOptions, MulOptions, SubOptions, DivOptions, L2NormOptions: the fused activation only.
namespace arithmetic {
constexpr int fused = 0;
}

}  // namespace byom::tfl
