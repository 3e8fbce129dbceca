#include "core/layers/activation.h"
#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::shared_ptr<Schema> blockSchema() {
    return std::make_shared<Schema>(Schema{
        heartkit::filtersParam("Channels of the block's convs (a bottleneck block outputs 4 "
                               "times as many)."),
        intParam("depth", 1, 0, 64, "Blocks in the stage."),
        windowParam("kernel_size", 3, 1, 1024,
                    "Kernel of the main convs (int k: a k x k window on HeartKit's (1, T, C) "
                    "tensor, [1, k] a 1-D one)."),
        windowParam("strides", 1, 1, 64,
                    "Strides of the first block of every stage but the first (stage 0 never "
                    "strides)."),
        boolParam("bottleneck", false,
                  "Bottleneck block: conv k (strided) + BN + act, 1x1 conv to 4 * filters + BN; "
                  "else two conv k + BN."),
        enumParam("activation", "relu6", activationNames(),
                  "Activations of the block, after its first conv and after the Add."),
    });
}

/// helia's projection rule: channels change, or an int stride > 1, or a pair's row stride
/// (strides[0]) > 1.
bool projects(long long in, long long out, const json& strides) {
    if (in != out) return true;
    return strides.is_array() ? strides[0].get<long long>() > 1 : strides.get<long long>() > 1;
}

void appendBlock(std::vector<LayerSpec>& dst, const json& b, long long in, long long length,
                 const json& strides, const std::string& path) {
    const long long filters = b.at("filters").get<long long>();
    const bool bottleneck = b.at("bottleneck").get<bool>();
    const long long out = bottleneck ? 4 * filters : filters;
    const std::string act = b.at("activation").get<std::string>();
    const json& kernel = b.at("kernel_size");
    const long long stride = heartkit::window(strides).cols;
    std::vector<LayerSpec> inner;
    // (A bottleneck block's first 1x1 conv + BN + act feed nothing in helia: not built.)
    inner.push_back(
        heartkit::conv(filters, kernel, 1, false, "he_normal", path + ".kernel_size", strides));
    inner.push_back(heartkit::batchNorm(0.9));
    inner.push_back(heartkit::activation(act));
    if (bottleneck)
        inner.push_back(
            heartkit::conv(out, json::array({1, 1}), 1, false, "he_normal", path + ".kernel_size"));
    else
        inner.push_back(
            heartkit::conv(filters, kernel, 1, false, "he_normal", path + ".kernel_size"));
    inner.push_back(heartkit::batchNorm(0.9));
    LayerSpec res = LayerSpec::of("residual", {{"projection", "never"}, {"activation", act}});
    if (projects(in, out, strides)) {
        res.params["projection"] = "always";
        res.params["projection_stride"] = stride;
        res.params["projection_bias"] = false;
        res.params["projection_norm"] = "batch";
    } else if ((length + stride - 1) / stride != length) {
        throw Error(path + ".strides: " + strides.dump() + " with " + std::to_string(in) +
                    " channels in and out: HeartKit builds the projection shortcut only when "
                    "strides[0] > 1, so the identity shortcut keeps length " +
                    std::to_string(length) + " while the convs give " +
                    std::to_string((length + stride - 1) / stride) +
                    " and Keras's Add fails; give an int stride or [" + std::to_string(stride) +
                    ", " + std::to_string(stride) + "], or change the filters");
    }
    res.layers = std::move(inner);
    dst.push_back(std::move(res));
}

}  // namespace

// HeartKit's ResNet (helia_edge/models/resnet.py, resnet_layer) on a (T, C) input, which
// HeartKit runs as (1, T, C):
//   [input_filters > 0: stem Conv2D(input_filters, input_kernel_size, input_strides, no bias;
//    no make_divisible) + BN + Activation(input_activation)]
//   per stage and depth a residual block (see appendBlock); only the first block of a stage
//   after the first uses the stage's strides:
//     basic:      Conv2D(filters, k, strides) + BN + act, Conv2D(filters, k) + BN
//     bottleneck: Conv2D(filters, k, strides) + BN + act, Conv2D(4 * filters, 1) + BN
//     shortcut:   Conv2D(C_out, 1, strides, no bias) + BN when helia projects, else identity;
//     Add, then the block's activation
//   [include_top: GlobalAveragePooling, Dropout if 0 < dropout < 1, Dense(num_classes) if
//    num_classes is given, Activation(output_activation) if set; never a Softmax]; without
//   the top the output keeps the time axis, (T', C).
// Every conv is Conv2D(no bias, same, he_normal); every BN momentum 0.9, epsilon 1e-3.
Architecture resnetArchitecture() {
    Architecture a;
    a.name = "resnet";
    a.doc =
        "HeartKit's ResNet (ResNetParams, ResNetBlockParams): an optional stem, stages of basic "
        "or bottleneck residual blocks with projection shortcuts, and a pooled Dense head.";
    a.schema = Schema{
        listParam("blocks", objectParam("block", blockSchema(), "One ResNetBlockParams stage."),
                  json::array(), 0, 64, "The stages in order."),
        intParam("input_filters", 0, 0, 65536,
                 "If > 0: a stem Conv2D of input_filters channels (no make_divisible) + BN + "
                 "act."),
        windowParam("input_kernel_size", 3, 1, 1024, "Stem kernel (int k: a k x k window)."),
        windowParam("input_strides", 2, 1, 64, "Stem strides (same padding: ceil(T / stride))."),
        enumParam("input_activation", "relu6", activationNames(), "Stem activation."),
        boolParam("include_top", true,
                  "GlobalAveragePooling -> Dropout -> Dense(num_classes, if given); without it "
                  "the output is (T', C)."),
        heartkit::optionalActivation("output_activation",
                                     "Activation after the Dense (ResNet has no use_logits and "
                                     "never adds a Softmax)."),
        floatParam("dropout", 0.2, 0.0, 1.0, "Dropout before the Dense when 0 < dropout < 1."),
        ignoredParam(makeParam("name", ParamType::String, "ResNet", "Model name (read nowhere)."),
                     "HeartKit's ResNetParams.name is read nowhere (keras.Model is built "
                     "without a name); it has no effect"),
    };
    a.schema.dropping("model_name",
                      "HeartKit's ResNetParams has no model_name and drops it; the field meant "
                      "is \"name\", which is read nowhere either: no effect");
    a.refusals = {
        "a pair of strides [1, s > 1] on a stage after the first whose first block keeps the "
        "channels: helia projects only when strides[0] > 1, so the identity shortcut and the "
        "strided convs differ in length and Keras's Add fails.",
        "no stem, no blocks and no top: an empty model.",
    };
    json blocks = json::array();
    for (const int filters : {16, 24, 32})
        blocks.push_back({{"filters", filters},
                          {"depth", 1},
                          {"kernel_size", {1, 7}},
                          {"strides", 2},
                          {"bottleneck", false}});
    a.example = {{"input_filters", 16}, {"input_kernel_size", {1, 7}}, {"input_strides", {1, 2}},
                 {"blocks", blocks},    {"include_top", true},         {"dropout", 0.2}};
    a.expand = [](const Shape& input, const json& p, std::optional<int> numClasses, HeadKind) {
        if (input.rank() != 2)
            throw Error("resnet needs a (length, channels) input, got " + input.toString() +
                        " (HeartKit's keras.Input(shape=(frame_size, 1)))");
        std::vector<LayerSpec> out;
        long long channels = input[1];
        long long length = input[0];
        if (p.at("input_filters").get<long long>() > 0) {
            channels = p.at("input_filters").get<long long>();
            out.push_back(heartkit::conv(channels, p.at("input_kernel_size"), 1, false, "he_normal",
                                         "params.input_kernel_size", p.at("input_strides")));
            out.push_back(heartkit::batchNorm(0.9));
            out.push_back(heartkit::activation(p.at("input_activation").get<std::string>()));
            const long long s = heartkit::window(p.at("input_strides")).cols;
            length = (length + s - 1) / s;
        }
        const json& blocks = p.at("blocks");
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const json& b = blocks[i];
            const std::string path = "params.blocks[" + std::to_string(i) + "]";
            for (int d = 0; d < b.at("depth").get<int>(); ++d) {
                const json strides = d == 0 && i > 0 ? b.at("strides") : json(1);
                appendBlock(out, b, channels, length, strides, path);
                const long long s = heartkit::window(strides).cols;
                length = (length + s - 1) / s;
                channels = b.at("bottleneck").get<bool>() ? 4 * b.at("filters").get<long long>()
                                                          : b.at("filters").get<long long>();
            }
        }
        if (p.at("include_top").get<bool>())
            heartkit::appendTop(out, p.at("dropout").get<double>(), numClasses,
                                p.at("output_activation"), false);
        if (out.empty()) throw Error("resnet: no stem, no blocks and no top: an empty model");
        return out;
    };
    return a;
}

}  // namespace byom
