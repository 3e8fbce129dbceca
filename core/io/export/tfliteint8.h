#pragma once

#include <string>
#include <vector>

#include "core/graph/cgraph.h"
#include "core/quant/qgraph.h"

namespace byom {

/// `--format tflite` of an int8 model: its QGraph (not the float model it came from) as a
/// full-integer TFLite flatbuffer. Every int8 tensor of the QGraph is an INT8 tensor with its
/// scale and zero point; the weights are per-output-channel int8 (quantized_dimension 0 for
/// CONV_2D, 3 for DEPTHWISE_CONV_2D), the biases int32 of scale s_in * s_w[o]. A dense is a
/// 1x1 CONV_2D on (1, 1, 1, in) (TFLite's int8 FULLY_CONNECTED takes one weight scale only);
/// conv1d and depthwise_conv1d the 2-D operators on (1, 1, L, C); add ADD; channel_scale MUL;
/// the pools MAX_POOL_2D / AVERAGE_POOL_2D; softmax SOFTMAX (scale 1/256, zero point -128);
/// upsampling1d CONCATENATION. An element-wise activation (a table in the QGraph) runs as
/// DEQUANTIZE, the float export's operators, QUANTIZE; so does a layer kept in float.
///
/// With float ends (the default) the file takes the raw float input of `byom predict` and
/// gives its float output, QUANTIZE and DEQUANTIZE at the ends (the input normalisation
/// in float before the first, as the QGraph has it). With `int8Io` the input is the first
/// int8 tensor (the normalised input quantised: q = round(x / scale) + zero point, clamped)
/// and the output the last one, each with its scale and zero point.
class TfliteInt8 {
public:
    /// The .tflite bytes. `floatGraph` is the float graph the QGraph was quantised from (its
    /// ops give the tables' activations); `inputShape` the model's sample shape. Throws Error
    /// naming the layer it cannot express.
    static std::string toBytes(const QGraph& q, const CGraph& floatGraph,
                               const std::vector<Index>& inputShape, const std::string& description,
                               bool int8Io);
};

}  // namespace byom
