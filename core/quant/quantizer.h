#pragma once

#include <set>
#include <string>

#include "core/graph/cgraph.h"
#include "core/quant/qgraph.h"
#include "core/util/tensor.h"

namespace byom {

/// Post-training full-integer quantisation with TFLite's int8 scheme: calibrates every tensor's
/// range (min/max) on raw input samples run through the float graph, then writes each op's
/// int8 form (see QGraph for the exact arithmetic of each kernel):
///
/// - weights per output channel, symmetric (scale max|w| / 127), biases int32 at the input's
///   scale times the weight's; the requantisation multiplier M = s_in * s_w / s_out as a
///   Q31 multiplier and shift;
/// - ReLU and ReLU6 fused as clamps; every other element-wise activation a 256-entry table
///   (sigmoid and hard sigmoid to scale 1/256 and zero point -128, tanh to 1/128 and 0, as
///   TFLite fixes them); softmax by its int32 exponential table;
/// - the input normalisation and the regression targets' scaling in float (the int8 graph
///   runs between them: raw features of different scales cannot share one int8 scale);
///   any other per-channel affine (a BatchNorm that could not be folded) as a depthwise
///   convolution of kernel 1;
/// - pools and upsampling keep their input's parameters;
/// - layers named in `keepFloat`, and layer_norm and concat (a concat_skip block; no int8
///   kernel), stay in float between a dequantize and a quantize, each listed in floatLayers
///   with the reason.
class Quantizer {
public:
    /// `calibration`: raw samples (features x N), N >= 1. Throws Error for non-finite
    /// weights (naming the layer), calibration data of the wrong size or none, or a name in
    /// `keepFloat` that is no layer of the model.
    static QGraph quantize(const CGraph& graph, const Mat<float>& calibration,
                           const std::set<std::string>& keepFloat = {});

    /// Whether ops of this kernel have an int8 form (else they stay in float).
    static bool hasInt8Kernel(const std::string& kernel);
};

}  // namespace byom
