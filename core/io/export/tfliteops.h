#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/export/exportactivation.h"
#include "core/io/export/tflitegraph.h"
#include "core/util/tensor.h"

namespace byom::tflite {

// The operators the TFLite exporter builds layers from, on a TfliteGraph: each adds what it
// computes reading tensor `x` and returns its output tensor; `hint` prefixes the names of
// the tensors it adds. Shapes carry the batch dimension (1).

using Dims = std::vector<std::int32_t>;
using Options = TfliteGraph::Options;
using tfl::Builtin;

/// A sample's shape with the batch dimension: (1, ...shape).
Dims dims(const std::vector<Index>& shape);

/// The number of values of a shape.
std::int32_t size(const Dims& d);

/// A new float32 tensor without data, named after `hint`.
int fresh(TfliteGraph& g, const std::string& hint, const Dims& shape);

/// A new tensor without data of the type and quantisation of tensor `like`.
int freshLike(TfliteGraph& g, const std::string& hint, const Dims& shape, int like);

/// RESHAPE to `shape` (nothing when `x` has it already).
int reshape(TfliteGraph& g, int x, const Dims& shape, const std::string& hint);

/// (1, L, C) from (1, 1, L, C).
int seq3(TfliteGraph& g, int x, const std::string& hint);

/// (1, 1, L, C) from (1, L, C).
int nhwc(TfliteGraph& g, int x, const std::string& hint);

/// An operator of one tensor with an output of its shape.
int unary(TfliteGraph& g, Builtin code, int x, const std::string& hint,
          Options options = Options{});

/// An element-wise operator of two tensors, one of which may broadcast against the other.
int binary(TfliteGraph& g, Builtin code, int a, int b, const std::string& hint);

/// A constant of one value (it broadcasts).
int scalar(TfliteGraph& g, double v, const std::string& hint);

/// x op c with a scalar constant c.
int withScalar(TfliteGraph& g, Builtin code, int x, double c, const std::string& hint);

/// x * scale + shift per channel of the last axis.
int affine(TfliteGraph& g, int x, const std::vector<double>& scale,
           const std::vector<double>& shift, const std::string& hint);

/// elu(x) = relu(x) + alpha (exp(min(x, 0)) - 1).
int elu(TfliteGraph& g, int x, double alpha, const std::string& hint);

/// gelu(x) = x / 2 (1 + erf(x / sqrt 2)) = x / 2 + |x| / 2 erf(|x| / sqrt 2) (erf is odd).
int gelu(TfliteGraph& g, int x, const std::string& hint);

/// A layer's activation as builtin operators (softmax over the last axis).
int activation(TfliteGraph& g, int x, const ExportActivation& a, const std::string& hint);

/// The activation a FULLY_CONNECTED or convolution can fuse (RELU, RELU6); the others run
/// as operators after it.
tfl::Fused fusable(Act a);

/// Zero padding of the width axis of a (1, 1, L, C) value (an int8 value pads with its zero
/// point, the real zero).
int padWidth(TfliteGraph& g, int x, Index left, Index right, const std::string& hint);

/// The options of MAX_POOL_2D / AVERAGE_POOL_2D over the width.
Options poolOptions(tfl::Padding padding, Index kernel, Index stride);

/// CONV_2D of {x, filter, bias} into `out` over the width of (1, 1, L, C), or
/// DEPTHWISE_CONV_2D when `multiplier` > 0; returns the operator.
int convOp(TfliteGraph& g, std::vector<int> inputs, int out, tfl::Padding padding, Index stride,
           Index dilation, Index multiplier, tfl::Fused fused);

/// MAX_POOL_2D / AVERAGE_POOL_2D over the width: "same" is TFLite's SAME (the padded places
/// take no part, as in Keras), which pads as the engine does. The output has the input's type
/// and quantisation.
int pool2d(TfliteGraph& g, int x, Builtin code, Index kernel, Index stride, bool same,
           Index outLength, const std::string& hint);

/// (x - mean) / sqrt(var + eps) * gamma + beta over the last axis of `x` (C values). Without
/// a square root among Arm NN 20.08's operators, the division is L2_NORMALIZATION: with
/// d = x - mean and one more value sqrt(C eps) appended, d / sqrt(sum d^2 + C eps) =
/// d / (sqrt(C) sqrt(var + eps)); SLICE drops the appended value, gamma is scaled by sqrt(C).
int normalizeLast(TfliteGraph& g, int x, double eps, const std::vector<float>& gamma,
                  const std::vector<float>& beta, const std::string& hint);

/// Swaps the last two axes of (1, L, C).
int transpose(TfliteGraph& g, int x, const std::string& hint);

}  // namespace byom::tflite
