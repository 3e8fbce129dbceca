#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/registry/architecture.h"
#include "core/schema/paramspec.h"

namespace byom::heartkit {

// HeartKit's (helia-edge's) building blocks as layer specs of the engine's catalogue. HeartKit
// runs 1-D signals as (1, length, channels) images, so an int kernel k is a k x k window: its
// rows are kept (kernel_rows) so that the parameter counts are Keras's, though only the middle
// row meets the signal.

/// A required int field of 1 to 65536 (channels, units).
ParamSpec requiredCount(std::string name, std::string doc);
/// HeartKit's required `filters: int` field.
ParamSpec filtersParam(std::string doc);
/// HeartKit's `output_activation: str | None = None`: an activation name or null.
ParamSpec optionalActivation(std::string name, std::string doc);

/// HeartKit's `Literal["batch", "layer"] | None = def`: a nullable enum whose default is
/// not null.
ParamSpec normParam(std::string name, std::string def, std::string doc);
/// Makes `a` an entry HeartKit itself cannot build: `why` is shown among its refusals, and
/// every build is refused with it.
void refuseEveryBuild(Architecture& a, const std::string& why);

/// A HeartKit window `int | [rows, cols]`: k -> (k, k).
struct Window {
    long long rows = 1;
    long long cols = 1;
};
Window window(const json& value);

/// Conv2D(filters, kernel, padding same, dilation, strides) on (1, length, C). `path` names the
/// kernel in errors. Throws when no kernel row meets the signal (an even number of rows with a
/// row dilation > 1: Keras's output would be the bias alone). On one row only the column
/// stride counts (the row stride keeps the one row).
LayerSpec conv(long long filters, const json& kernel, const json& dilation, bool bias,
               const std::string& initializer, const std::string& path, const json& strides = 1);
/// DepthwiseConv2D(kernel, padding same, dilation), depth multiplier 1.
LayerSpec depthwise(const json& kernel, const json& dilation, bool bias,
                    const std::string& initializer, const std::string& path);
/// The norm after a conv: "batch" (BatchNormalization), "layer" (LayerNormalization over
/// axis (1, 2): over time per channel, 2 * length params) or null (none).
void appendNorm(std::vector<LayerSpec>& out, const json& norm);
/// helia's se_layer: GAP, 1x1 conv to floor(C / ratio) + relu6, 1x1 conv to C + hard_sigmoid,
/// multiply.
LayerSpec squeezeExcite(double ratio);
LayerSpec activation(const std::string& name);
/// helia's batch_normalization: BatchNormalization(momentum, epsilon 1e-3).
LayerSpec batchNorm(double momentum);
/// helia's make_divisible(v, 8): the channel count rounded to a multiple of 8, at least 8 and
/// never more than 10% below v.
long long makeDivisible(long long v);
/// HeartKit's pooled top (efficientnetv2, resnet): GlobalAveragePooling, Dropout when
/// 0 < dropout < 1, Dense(num_classes) when num_classes is given, then
/// Activation(output_activation) when set, else a Softmax when `softmax`.
void appendTop(std::vector<LayerSpec>& out, double dropout, std::optional<int> numClasses,
               const json& outputActivation, bool softmax);
/// Keras's floor division of a channel count by a float ratio: int(C // r).
long long floorDiv(long long channels, double ratio);

}  // namespace byom::heartkit
