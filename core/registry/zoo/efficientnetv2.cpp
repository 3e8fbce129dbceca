#include "core/layers/activation.h"
#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::shared_ptr<Schema> mbconvSchema() {
    auto s = std::make_shared<Schema>(Schema{
        heartkit::filtersParam("Output channels, rounded by make_divisible(filters, 8)."),
        intParam("depth", 1, 0, 64,
                 "MBConv blocks in the stage; only the first uses strides, the others 1."),
        floatParam("ex_ratio", 1, 0.0, 64,
                   "If != 1: a 1x1 expand conv to int(C_in * ex_ratio) + BN + act; it also "
                   "multiplies the SE ratio."),
        windowParam("kernel_size", 3, 1, 1024,
                    "Depthwise kernel: an int k is a k x k window on HeartKit's (1, T, C) "
                    "tensor, [1, k] a 1-D one. Only a tuple with equal sides is symmetric."),
        windowParam("strides", 1, 1, 64,
                    "Symmetric kernel: the depthwise strides. Otherwise (an int kernel, or "
                    "[1, k]) the depthwise stride is 1 and MaxPool2D(strides, same) follows "
                    "the activation when mean(strides) > 1."),
        floatParam("se_ratio", 8, 0.0, 65536,
                   "If non-zero: squeeze-excite with int(C // (se_ratio * ex_ratio)) units "
                   "(relu6, hard_sigmoid)."),
        ignoredParam(floatParam("droprate", 0, 0.0, 1.0, "Drop rate (read nowhere)."),
                     "HeartKit's MBConvParams.droprate is read nowhere (efficientnet_core "
                     "passes drop_connect_rate * block index / total blocks); it has no "
                     "effect"),
        floatParam("bn_momentum", 0.9, 0.0, 1.0,
                   "Momentum of the depthwise and reduce batch norms."),
        enumParam("activation", "relu6", activationNames(),
                  "Activation after the expand and depthwise convs (none after the reduce)."),
    });
    s->dropping("norm",
                "HeartKit's MBConvParams has no norm and drops it (its shipped configs carry "
                "it); every norm of an MBConv block is BatchNormalization: no effect");
    return s;
}

/// How one MBConv block treats its strides and kernel (helia's mbconv_block).
struct StrideRule {
    double mean = 1;         // an int s, or the mean of a pair
    bool symmetric = false;  // a pair with equal sides (an int is not: helia's Iterable check)
};

StrideRule strideRule(const json& kernel, const json& strides) {
    StrideRule r;
    if (strides.is_array())
        r.mean = (strides[0].get<double>() + strides[1].get<double>()) / 2;
    else
        r.mean = strides.get<double>();
    r.symmetric = kernel.is_array() && kernel[0] == kernel[1];
    return r;
}

/// One MBConv block from `in` channels to `out` (helia's mbconv_block), appended to `dst`.
void appendMbconv(std::vector<LayerSpec>& dst, const json& b, long long in, long long out,
                  const json& strides, double dropRate, const std::string& path) {
    const double ex = b.at("ex_ratio").get<double>();
    const double se = b.at("se_ratio").get<double>();
    const double momentum = b.at("bn_momentum").get<double>();
    const std::string act = b.at("activation").get<std::string>();
    const json& kernel = b.at("kernel_size");
    const StrideRule rule = strideRule(kernel, strides);
    const heartkit::Window s = heartkit::window(strides);
    if (rule.symmetric && s.rows != s.cols)
        throw Error(path +
                    ".strides: unequal strides with a symmetric kernel_size go to "
                    "DepthwiseConv2D, which supports only equal row and column strides; give "
                    "an int stride or a [1, k] kernel");
    std::vector<LayerSpec> inner;
    long long c = in;
    if (ex != 1) {
        c = static_cast<long long>(static_cast<double>(in) * ex);
        if (c < 1)
            throw Error(path + ".ex_ratio: int(" + std::to_string(in) +
                        " * ex_ratio) is 0 expand channels; give a larger ex_ratio");
        inner.push_back(
            heartkit::conv(c, json::array({1, 1}), 1, false, "he_normal", path + ".kernel_size"));
        inner.push_back(heartkit::batchNorm(0.9));
        inner.push_back(heartkit::activation(act));
    }
    LayerSpec dw = heartkit::depthwise(kernel, 1, false, "he_normal", path + ".kernel_size");
    dw.params["strides"] = rule.symmetric ? s.cols : 1;
    inner.push_back(std::move(dw));
    inner.push_back(heartkit::batchNorm(momentum));
    inner.push_back(heartkit::activation(act));
    if (!rule.symmetric && rule.mean > 1)
        inner.push_back(LayerSpec::of(
            "max_pool1d", {{"pool_size", s.cols}, {"strides", s.cols}, {"padding", "same"}}));
    if (se != 0) {
        if (heartkit::floorDiv(c, se * ex) < 1)
            throw Error(path + ".se_ratio: " + std::to_string(c) + " channels // (se_ratio * " +
                        "ex_ratio) is 0 squeeze filters, which Keras cannot build; give a "
                        "smaller se_ratio or 0 (no squeeze-excite)");
        inner.push_back(heartkit::squeezeExcite(se * ex));
    }
    inner.push_back(
        heartkit::conv(out, json::array({1, 1}), 1, false, "he_normal", path + ".kernel_size"));
    inner.push_back(heartkit::batchNorm(momentum));
    if (in == out && rule.mean == 1) {
        if (dropRate > 0)
            inner.push_back(LayerSpec::of("dropout", {{"rate", dropRate}, {"per_sample", true}}));
        LayerSpec res = LayerSpec::of("residual", {{"projection", "never"}});
        res.layers = std::move(inner);
        dst.push_back(std::move(res));
    } else {
        for (LayerSpec& l : inner) dst.push_back(std::move(l));
    }
}

}  // namespace

// HeartKit's EfficientNetV2 (helia_edge/models/efficientnet.py, efficientnetv2_layer) on a
// (T, C) input, which HeartKit runs as (1, T, C):
//   [input_filters > 0: stem Conv2D(make_divisible(input_filters, 8), input_kernel_size,
//    input_strides, no bias) + BN + Activation(input_activation)]
//   per stage i and depth d: an MBConv block to make_divisible(filters, 8) channels (see
//   appendMbconv), the first with the stage's strides; a residual block's branch ends in a
//   per-sample Dropout of drop_connect_rate * global block index / total blocks
//   [output_filters: neck Conv2D 1x1 (make_divisible, no bias) + BN + output_activation]
//   [include_top: GlobalAveragePooling, Dropout if 0 < dropout < 1, Dense(num_classes) if
//    num_classes is given, then Activation(output_activation), or Softmax if use_logits is
//    false]; without the top the output keeps the time axis, (T', C).
// Every BatchNormalization has epsilon 1e-3; the stem, expand and neck ones momentum 0.9.
Architecture efficientnetV2Architecture() {
    Architecture a;
    a.name = "efficientnetv2";
    a.doc =
        "HeartKit's EfficientNetV2 (EfficientNetParams, MBConvParams): an optional stem, stages "
        "of MBConv blocks (expand, depthwise, squeeze-excite, reduce; drop-connect on the "
        "residual ones), an optional neck and a pooled Dense head.";
    a.schema = Schema{
        listParam("blocks", objectParam("block", mbconvSchema(), "One MBConvParams stage."),
                  json::array(), 0, 64, "The stages in order."),
        intParam("input_filters", 0, 0, 65536,
                 "If > 0: a stem Conv2D of make_divisible(input_filters, 8) channels + BN + act."),
        windowParam("input_kernel_size", 3, 1, 1024, "Stem kernel (int k: a k x k window)."),
        windowParam("input_strides", 2, 1, 64, "Stem strides (same padding: ceil(T / stride))."),
        enumParam("input_activation", "relu6", activationNames(), "Stem activation."),
        intParam("output_filters", 0, 0, 65536,
                 "If non-zero: a neck 1x1 Conv2D of make_divisible(output_filters, 8) channels "
                 "+ BN + Activation(output_activation)."),
        heartkit::optionalActivation(
            "output_activation",
            "The neck's activation (null: linear) and, if set, an activation "
            "after the Dense; takes precedence over use_logits."),
        boolParam("include_top", true,
                  "GlobalAveragePooling -> Dropout -> Dense(num_classes, if given); without "
                  "it the output is (T', C)."),
        floatParam("dropout", 0.2, 0.0, 1.0, "Dropout before the Dense when 0 < dropout < 1."),
        floatParam("drop_connect_rate", 0.2, 0.0, 1.0,
                   "Drop-connect: a residual block's branch is dropped per sample with rate "
                   "drop_connect_rate * global block index / total blocks."),
        boolParam("use_logits", true,
                  "false: a Softmax at the end (unless output_activation is set)."),
        ignoredParam(enumParam("activation", "relu6", activationNames(), "Read nowhere."),
                     "HeartKit's EfficientNetParams.activation is read nowhere (the block "
                     "activations come from each block's \"activation\"); it has no effect"),
        ignoredParam(
            [] {
                ParamSpec p = enumParam("norm", "layer", {"batch", "layer"}, "Read nowhere.");
                p.nullable = true;
                return p;
            }(),
            "HeartKit's EfficientNetParams.norm is read nowhere (every norm is "
            "BatchNormalization, epsilon 1e-3); it has no effect"),
        ignoredParam(
            makeParam("name", ParamType::String, "EfficientNetV2", "Model name (read nowhere)."),
            "HeartKit's EfficientNetParams.name is read nowhere (keras.Model is built without "
            "a name); it has no effect"),
    };
    a.schema.dropping("model_name",
                      "HeartKit's EfficientNetParams has no model_name and drops it; the field "
                      "meant is \"name\", which is read nowhere either: no effect");
    a.refusals = {
        "a symmetric kernel_size ([k, k]) with unequal strides: DepthwiseConv2D supports only "
        "equal row and column strides.",
        "se_ratio with int(C // (se_ratio * ex_ratio)) == 0: a Conv2D of 0 filters.",
        "ex_ratio with int(C_in * ex_ratio) == 0: a Conv2D of 0 filters.",
        "no stem, no blocks, no neck and no top: an empty model.",
    };
    // HeartKit's arr-2-eff-sm (frame size 512, 2 classes).
    json blocks = json::array();
    for (const auto& [filters, depth] :
         std::initializer_list<std::pair<int, int>>{{24, 2}, {32, 2}, {40, 2}, {48, 1}})
        blocks.push_back({{"filters", filters},
                          {"depth", depth},
                          {"kernel_size", {1, 9}},
                          {"strides", {1, 2}},
                          {"ex_ratio", 1},
                          {"se_ratio", 2}});
    a.example = {{"input_filters", 16}, {"input_kernel_size", {1, 9}}, {"input_strides", {1, 2}},
                 {"blocks", blocks},    {"output_filters", 0},         {"include_top", true},
                 {"use_logits", true}};
    a.expand = [](const Shape& input, const json& p, std::optional<int> numClasses, HeadKind) {
        if (input.rank() != 2)
            throw Error("efficientnetv2 needs a (length, channels) input, got " + input.toString() +
                        " (HeartKit's keras.Input(shape=(frame_size, 1)))");
        std::vector<LayerSpec> out;
        long long channels = input[1];
        if (p.at("input_filters").get<long long>() > 0) {
            channels = heartkit::makeDivisible(p.at("input_filters").get<long long>());
            out.push_back(heartkit::conv(channels, p.at("input_kernel_size"), 1, false, "he_normal",
                                         "params.input_kernel_size", p.at("input_strides")));
            out.push_back(heartkit::batchNorm(0.9));
            out.push_back(heartkit::activation(p.at("input_activation").get<std::string>()));
        }
        const json& blocks = p.at("blocks");
        long long total = 0;
        for (const json& b : blocks) total += b.at("depth").get<long long>();
        const double dropConnect = p.at("drop_connect_rate").get<double>();
        long long index = 0;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const json& b = blocks[i];
            const std::string path = "params.blocks[" + std::to_string(i) + "]";
            const long long filters = heartkit::makeDivisible(b.at("filters").get<long long>());
            for (int d = 0; d < b.at("depth").get<int>(); ++d) {
                const double rate =
                    dropConnect * static_cast<double>(index) / static_cast<double>(total);
                appendMbconv(out, b, channels, filters, d == 0 ? b.at("strides") : json(1), rate,
                             path);
                channels = filters;
                ++index;
            }
        }
        const json& outAct = p.at("output_activation");
        if (p.at("output_filters").get<long long>() != 0) {
            out.push_back(heartkit::conv(
                heartkit::makeDivisible(p.at("output_filters").get<long long>()),
                json::array({1, 1}), 1, false, "he_normal", "params.output_filters"));
            out.push_back(heartkit::batchNorm(0.9));
            if (!outAct.is_null()) out.push_back(heartkit::activation(outAct.get<std::string>()));
        }
        if (p.at("include_top").get<bool>())
            heartkit::appendTop(out, p.at("dropout").get<double>(), numClasses, outAct,
                                !p.at("use_logits").get<bool>());
        if (out.empty())
            throw Error("efficientnetv2: no stem, no blocks, no neck and no top: an empty model");
        return out;
    };
    return a;
}

}  // namespace byom
