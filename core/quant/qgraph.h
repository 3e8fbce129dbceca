#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/graph/cgraph.h"
#include "core/quant/fixedpoint.h"
#include "core/quant/quantparams.h"
#include "core/util/json.h"

namespace byom {

/// A model quantised to int8: the C library's lowered graph (CGraph) with every tensor int8
/// (TFLite's scheme: per-tensor asymmetric activations, per-output-channel symmetric weights,
/// int32 biases, fixed-point requantisation) or, around a layer kept in float, float.
///
/// Tensor 0 is the caller's float input; op 0 quantises it. The last op dequantises the
/// output. What each kernel computes, exactly (QEngine runs it; the int8 C library and the
/// TFLite export compute the same integers):
///
/// - `quantize` / `dequantize`: QuantParams::quantize / dequantize.
/// - `dense`, `conv1d`, `depthwise_conv1d` (ints and weight layout as CGraph's; a CGraph
///   `affine` becomes a depthwise_conv1d of kernel 1): acc = bias[o] + sum (x - zx) * w;
///   y = clamp(zy + multiplyByQuantizedMultiplier(acc, requant[o]), actMin, actMax).
/// - `add` (ints n, group): TFLite's int8 ADD: each input's (x - z) << 20 scaled by
///   requant[0] and requant[1], the sum by requant[2], plus zy, clamped to [actMin, actMax].
/// - `channel_scale` (ints len, c): TFLite's int8 MUL of x (len, c) by g (c):
///   zy + multiplyByQuantizedMultiplier((x - zx) * (g - zg), requant[0]), clamped.
/// - `lut` (ints n): y = table[x + 128] (an element-wise activation, the table worked out
///   in double at quantisation time).
/// - `softmax` (ints n, group): per group, d = max - x; e = table[d] (int32,
///   round(exp(-d * sx) * 2^20)); y = clamp(round(e * 256 / sum e) - 128, -128, 127)
///   (the output's scale 1/256, zero point -128, as TFLite requires).
/// - `max_pool1d`, `global_max_pool1d`, `upsampling1d`: on the int8 values (same params
///   in and out).
/// - `avg_pool1d`, `global_avg_pool1d`: the sum over the window's positions inside the input
///   divided by their count, rounded half away from zero (TFLite's int8 AVERAGE_POOL_2D;
///   same params in and out).
/// - `float`: `floatOp` (a CGraph op) on float tensors, for a layer kept in float.
class QGraph {
public:
    struct Tensor {
        Index size = 0;
        Index channels = 1;
        bool isFloat = false;
        QuantParams params;  // int8 tensors
        /// The float graph's tensor this one holds (its values before the activation when
        /// `preActivation`: an op followed by a table).
        int source = -1;
        bool preActivation = false;
    };
    struct Op {
        std::string kernel;
        std::vector<int> inputs;
        int output = -1;
        std::vector<Index> ints;
        std::vector<std::int8_t> weights;
        std::vector<std::int32_t> bias;
        std::vector<QuantizedMultiplier> requant;
        std::vector<std::int32_t> table;
        std::int32_t actMin = -128;
        std::int32_t actMax = 127;
        CGraph::Op floatOp;  // kernel "float"
        /// The float graph's op it computes (its index), and the model layer it belongs to.
        int source = -1;
        std::string layer;
        std::string layerName;
        std::string layerKind;
        long long macs = 0;
    };

    std::vector<Tensor> tensors;
    std::vector<Op> ops;
    int output = 0;
    /// The layers left in float and why ("--keep-float", or the kind has no int8 kernel).
    std::vector<std::pair<std::string, std::string>> floatLayers;

    /// Bytes of the constant arrays: int8 weights, int32 biases, requantisation pairs,
    /// tables, and the float weights of the layers kept in float.
    long long weightBytes() const;
    long long macs() const;

    json toJson() const;
    /// Reads toJson()'s form; throws Error naming `where` and the JSON path of a bad value.
    static QGraph fromJson(const json& j, const std::string& where);
};

}  // namespace byom
