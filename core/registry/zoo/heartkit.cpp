#include "core/registry/zoo/heartkit.h"

#include <algorithm>
#include <cmath>

#include "core/layers/activation.h"
#include "core/util/error.h"

namespace byom::heartkit {

ParamSpec requiredCount(std::string name, std::string doc) {
    ParamSpec p = intParam(std::move(name), 0, 1, 65536, std::move(doc));
    p.defaultValue = nullptr;  // required
    return p;
}

ParamSpec filtersParam(std::string doc) {
    return requiredCount("filters", std::move(doc));
}

ParamSpec optionalActivation(std::string name, std::string doc) {
    ParamSpec p = enumParam(std::move(name), "linear", activationNames(), std::move(doc));
    p.defaultValue = nullptr;
    p.nullable = true;
    return p;
}

ParamSpec normParam(std::string name, std::string def, std::string doc) {
    ParamSpec p = enumParam(std::move(name), std::move(def), {"batch", "layer"}, std::move(doc));
    p.nullable = true;
    return p;
}

void refuseEveryBuild(Architecture& a, const std::string& why) {
    a.unbuildable = why;
    a.refusals.insert(a.refusals.begin(), "every build: " + why);
    a.expand = [name = a.name, why](const Shape&, const json&, std::optional<int>,
                                    HeadKind) -> std::vector<LayerSpec> {
        throw Error(name + " cannot be built, as in HeartKit: " + why);
    };
}

Window window(const json& value) {
    if (value.is_array()) return {value[0].get<long long>(), value[1].get<long long>()};
    const long long k = value.get<long long>();
    return {k, k};
}

namespace {

/// Keras's same padding on a one-row input: the kernel row that meets the signal is
/// padTop / dilation with padTop = (rows - 1) * dilation / 2, which is the middle row for an
/// odd number of rows and exists for an even one only without row dilation.
void requireRowMeetsSignal(const Window& k, const Window& d, const std::string& path) {
    if (k.rows % 2 == 0 && d.rows > 1)
        throw Error(path + ": a kernel of " + std::to_string(k.rows) + " rows with row dilation " +
                    std::to_string(d.rows) +
                    " never meets HeartKit's one-row signal (Keras's output is the bias "
                    "alone); use an odd number of rows or a [1, n] kernel");
}

}  // namespace

LayerSpec conv(long long filters, const json& kernel, const json& dilation, bool bias,
               const std::string& initializer, const std::string& path, const json& strides) {
    const Window k = window(kernel);
    const Window d = window(dilation);
    requireRowMeetsSignal(k, d, path);
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", k.cols},
                                    {"kernel_rows", k.rows},
                                    {"strides", window(strides).cols},
                                    {"dilation_rate", d.cols},
                                    {"padding", "same"},
                                    {"use_bias", bias},
                                    {"kernel_initializer", initializer}});
}

LayerSpec depthwise(const json& kernel, const json& dilation, bool bias,
                    const std::string& initializer, const std::string& path) {
    const Window k = window(kernel);
    const Window d = window(dilation);
    requireRowMeetsSignal(k, d, path);
    return LayerSpec::of("depthwise_conv1d", {{"kernel_size", k.cols},
                                              {"kernel_rows", k.rows},
                                              {"dilation_rate", d.cols},
                                              {"padding", "same"},
                                              {"use_bias", bias},
                                              {"depthwise_initializer", initializer}});
}

void appendNorm(std::vector<LayerSpec>& out, const json& norm) {
    if (norm.is_null()) return;
    if (norm == "batch")
        out.push_back(LayerSpec::of("batch_norm"));
    else
        out.push_back(LayerSpec::of("layer_norm", {{"axis", "time"}}));
}

LayerSpec squeezeExcite(double ratio) {
    return LayerSpec::of(
        "squeeze_excite",
        {{"ratio", ratio}, {"squeeze_activation", "relu6"}, {"excite_activation", "hard_sigmoid"}});
}

LayerSpec activation(const std::string& name) {
    return LayerSpec::of("activation", {{"activation", name}});
}

LayerSpec batchNorm(double momentum) {
    return LayerSpec::of("batch_norm", {{"momentum", momentum}, {"epsilon", 1e-3}});
}

long long makeDivisible(long long v) {
    long long r = std::max<long long>(8, (v + 4) / 8 * 8);
    if (static_cast<double>(r) < 0.9 * static_cast<double>(v)) r += 8;
    return r;
}

void appendTop(std::vector<LayerSpec>& out, double dropout, std::optional<int> numClasses,
               const json& outputActivation, bool softmax) {
    out.push_back(LayerSpec::of("global_avg_pool1d"));
    if (dropout > 0 && dropout < 1) out.push_back(LayerSpec::of("dropout", {{"rate", dropout}}));
    if (numClasses) out.push_back(LayerSpec::of("dense", {{"units", *numClasses}}));
    if (!outputActivation.is_null())
        out.push_back(activation(outputActivation.get<std::string>()));
    else if (softmax)
        out.push_back(activation("softmax"));
}

long long floorDiv(long long channels, double ratio) {
    return static_cast<long long>(std::floor(static_cast<double>(channels) / ratio));
}

}  // namespace byom::heartkit
