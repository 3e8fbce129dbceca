#include "core/layers/activation.h"
#include "core/registry/zoo/zoo.h"

namespace byom {

namespace {

std::shared_ptr<Schema> blockSchema() {
    return std::make_shared<Schema>(Schema{
        intParam("depth", 1, 1, 64, "Times the block repeats."),
        intParam("branch", 1, 1, 1, "Parallel branches (only 1 is supported)."),
        intParam("filters", 16, 1, 4096, "Output channels."),
        pairParam("kernel", 3, 1, 1024, "Depthwise kernel length (7 or [1, 7])."),
        pairParam("dilation", 1, 1, 1024, "Dilation of the depthwise kernel."),
        floatParam("dropout", 0.0, 0.0, 0.9, "Dropout after the block."),
        intParam("ex_ratio", 1, 1, 16, "Expansion of the channels before the depthwise conv."),
        intParam("se_ratio", 0, 0, 256, "Squeeze-excite reduction ratio (0: none)."),
        enumParam("activation", "relu6", activationNames(), "Activation."),
        enumParam("norm", "batch", {"batch", "layer", "none"}, "Normalisation."),
    });
}

}  // namespace

// HeartKit's TCN, as a 1-D stack:
//   [input conv (input_kernel) + norm]
//   per block, `depth` times, a residual block (1x1 projection when channels change):
//     [1x1 expand to filters*ex_ratio + norm + act]  dilated depthwise conv + norm + act
//     [squeeze-excite]  1x1 conv to filters + norm;  then act and dropout after the add
//   head: global average pooling + softmax dense when num_classes is given.
// HeartKit's parallel branches (branch > 1) are not supported and refused by the schema.
Architecture tcnArchitecture() {
    Architecture a;
    a.name = "tcn";
    a.doc =
        "Temporal convolutional network (HeartKit's tcn): dilated depthwise-separable residual "
        "blocks for 1-D signals.";
    a.schema = Schema{
        orNull(pairParam("input_kernel", 5, 1, 1024,
                         "Kernel of the input conv (null: no input conv).")),
        enumParam("input_norm", "batch", {"batch", "layer", "none"},
                  "Normalisation after the input conv."),
        listParam("blocks", objectParam("block", blockSchema(), "One TCN block."),
                  json::array({{{"depth", 1}, {"filters", 16}, {"kernel", 5}, {"dilation", 1}},
                               {{"depth", 1}, {"filters", 24}, {"kernel", 5}, {"dilation", 2}},
                               {{"depth", 1}, {"filters", 32}, {"kernel", 5}, {"dilation", 4}}}),
                  1, 64, "The blocks in order."),
        floatParam("dropout", 0.0, 0.0, 0.9, "Dropout before the classifier."),
    };
    a.example = {{"input_kernel", 7},
                 {"input_norm", "batch"},
                 {"blocks",
                  {{{"depth", 1},
                    {"branch", 1},
                    {"filters", 12},
                    {"kernel", 7},
                    {"dilation", 1},
                    {"dropout", 0.0},
                    {"ex_ratio", 1},
                    {"se_ratio", 0},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 20},
                    {"kernel", 7},
                    {"dilation", 2},
                    {"dropout", 0.0},
                    {"ex_ratio", 1},
                    {"se_ratio", 4},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 28},
                    {"kernel", 7},
                    {"dilation", 4},
                    {"dropout", 0.0},
                    {"ex_ratio", 1},
                    {"se_ratio", 4},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 36},
                    {"kernel", 7},
                    {"dilation", 8},
                    {"dropout", 0.0},
                    {"ex_ratio", 1},
                    {"se_ratio", 4},
                    {"norm", "batch"}}}},
                 {"dropout", 0.1}};
    a.expand = [](const Shape&, const json& p, std::optional<int> numClasses, HeadKind head) {
        std::vector<LayerSpec> out;
        const json& blocks = p.at("blocks");
        if (!p.at("input_kernel").is_null()) {
            out.push_back(
                zoo::conv(blocks[0].at("filters").get<long long>(), p.at("input_kernel")));
            zoo::appendNorm(out, p.at("input_norm"));
        }
        for (const json& b : blocks) {
            const long long filters = b.at("filters").get<long long>();
            const std::string act = b.at("activation").get<std::string>();
            for (int d = 0; d < b.at("depth").get<int>(); ++d) {
                std::vector<LayerSpec> inner;
                const int ex = b.at("ex_ratio").get<int>();
                if (ex > 1) {
                    inner.push_back(zoo::conv(filters * ex, 1));
                    zoo::appendNorm(inner, b.at("norm"));
                    inner.push_back(zoo::activation(act));
                }
                inner.push_back(
                    LayerSpec::of("depthwise_conv1d", {{"kernel_size", b.at("kernel")},
                                                       {"dilation_rate", b.at("dilation")},
                                                       {"padding", "same"},
                                                       {"use_bias", false}}));
                zoo::appendNorm(inner, b.at("norm"));
                inner.push_back(zoo::activation(act));
                if (b.at("se_ratio").get<int>() > 0)
                    inner.push_back(LayerSpec::of("squeeze_excite", {{"ratio", b.at("se_ratio")}}));
                inner.push_back(zoo::conv(filters, 1, 1, 1, false));
                zoo::appendNorm(inner, b.at("norm"));
                LayerSpec res =
                    LayerSpec::of("residual", {{"projection", "auto"}, {"activation", act}});
                res.layers = std::move(inner);
                out.push_back(std::move(res));
                if (b.at("dropout").get<double>() > 0)
                    out.push_back(LayerSpec::of("dropout", {{"rate", b.at("dropout")}}));
            }
        }
        zoo::appendHead(out, numClasses, p.at("dropout").get<double>(), head);
        return out;
    };
    return a;
}

}  // namespace byom
