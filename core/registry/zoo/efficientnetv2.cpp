#include "core/layers/activation.h"
#include "core/registry/zoo/zoo.h"

namespace byom {

// HeartKit's EfficientNetV2, as a 1-D stack of MBConv blocks:
//   stem: conv(input_filters, input_kernel_size, input_strides) + BN + act
//   MBConv (repeated `depth` times, the first with `strides`):
//     [1x1 expand to in*ex_ratio + BN + act]  depthwise conv k/s + BN + act
//     [squeeze-excite with reduction se_ratio]  1x1 project to filters + BN
//     a residual add when the shape is unchanged (stride 1, same channels), with dropout
//     `droprate` on the branch (HeartKit drops the whole branch per sample: stochastic depth;
//     this build uses element-wise dropout instead)
//   head: [1x1 conv to output_filters + BN + act], global average pooling, dropout, dense.
Architecture efficientnetV2Architecture() {
    auto block = std::make_shared<Schema>(Schema{
        intParam("filters", 16, 1, 4096, "Output channels."),
        intParam("depth", 1, 1, 64, "MBConv blocks in the stage."),
        intParam("ex_ratio", 4, 1, 16, "Channel expansion inside the block."),
        pairParam("kernel_size", 3, 1, 1024, "Depthwise kernel length (7 or [1, 7])."),
        pairParam("strides", 1, 1, 64, "Stride of the stage's first block."),
        intParam("se_ratio", 4, 0, 256, "Squeeze-excite reduction ratio (0: none)."),
        floatParam("droprate", 0.0, 0.0, 0.9, "Dropout on the residual branch."),
        enumParam("activation", "relu6", activationNames(), "Activation."),
    });
    Architecture a;
    a.name = "efficientnetv2";
    a.doc =
        "EfficientNetV2 (HeartKit's efficientnetv2) for 1-D signals: a stem and stages of "
        "MBConv blocks with squeeze-excite.";
    a.schema = Schema{
        intParam("input_filters", 16, 1, 4096, "Channels of the stem conv."),
        pairParam("input_kernel_size", 5, 1, 1024, "Kernel of the stem conv."),
        pairParam("input_strides", 2, 1, 64, "Stride of the stem conv."),
        listParam("blocks", objectParam("block", block, "One MBConv stage."),
                  json::array({{{"filters", 16}, {"depth", 1}, {"ex_ratio", 1}, {"strides", 2}},
                               {{"filters", 24}, {"depth", 1}, {"ex_ratio", 4}, {"strides", 2}}}),
                  1, 64, "The stages in order."),
        intParam("output_filters", 0, 0, 4096, "Channels of the final 1x1 conv (0: none)."),
        floatParam("dropout", 0.0, 0.0, 0.9, "Dropout before the classifier."),
        enumParam("activation", "relu6", activationNames(), "Activation of the stem and head."),
    };
    a.example = {{"input_filters", 16},
                 {"input_kernel_size", 7},
                 {"input_strides", 2},
                 {"blocks",
                  {{{"filters", 16},
                    {"depth", 1},
                    {"ex_ratio", 1},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"se_ratio", 4}},
                   {{"filters", 24},
                    {"depth", 2},
                    {"ex_ratio", 4},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"se_ratio", 4}},
                   {{"filters", 32},
                    {"depth", 1},
                    {"ex_ratio", 4},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"se_ratio", 4}}}},
                 {"output_filters", 0},
                 {"dropout", 0.1}};
    a.expand = [](const Shape&, const json& p, std::optional<int> numClasses, HeadKind head) {
        std::vector<LayerSpec> out;
        const std::string stemAct = p.at("activation").get<std::string>();
        long long channels = p.at("input_filters").get<long long>();
        out.push_back(zoo::conv(channels, p.at("input_kernel_size"), p.at("input_strides")));
        out.push_back(LayerSpec::of("batch_norm"));
        out.push_back(zoo::activation(stemAct));
        for (const json& b : p.at("blocks")) {
            const long long f = b.at("filters").get<long long>();
            const std::string act = b.at("activation").get<std::string>();
            for (int d = 0; d < b.at("depth").get<int>(); ++d) {
                const json strides = d == 0 ? b.at("strides") : json(1);
                std::vector<LayerSpec> inner;
                const int ex = b.at("ex_ratio").get<int>();
                if (ex > 1) {
                    inner.push_back(zoo::conv(channels * ex, 1, 1, 1, false));
                    inner.push_back(LayerSpec::of("batch_norm"));
                    inner.push_back(zoo::activation(act));
                }
                inner.push_back(
                    LayerSpec::of("depthwise_conv1d", {{"kernel_size", b.at("kernel_size")},
                                                       {"strides", strides},
                                                       {"padding", "same"},
                                                       {"use_bias", false}}));
                inner.push_back(LayerSpec::of("batch_norm"));
                inner.push_back(zoo::activation(act));
                if (b.at("se_ratio").get<int>() > 0)
                    inner.push_back(LayerSpec::of("squeeze_excite", {{"ratio", b.at("se_ratio")}}));
                inner.push_back(zoo::conv(f, 1, 1, 1, false));
                inner.push_back(LayerSpec::of("batch_norm"));
                const bool identity = strides == json(1) && channels == f;
                if (identity) {
                    if (b.at("droprate").get<double>() > 0)
                        inner.push_back(LayerSpec::of("dropout", {{"rate", b.at("droprate")}}));
                    LayerSpec res = LayerSpec::of("residual", {{"projection", "never"}});
                    res.layers = std::move(inner);
                    out.push_back(std::move(res));
                } else {
                    out.insert(out.end(), inner.begin(), inner.end());
                }
                channels = f;
            }
        }
        if (p.at("output_filters").get<long long>() > 0) {
            out.push_back(zoo::conv(p.at("output_filters").get<long long>(), 1));
            out.push_back(LayerSpec::of("batch_norm"));
            out.push_back(zoo::activation(stemAct));
        }
        zoo::appendHead(out, numClasses, p.at("dropout").get<double>(), head);
        return out;
    };
    return a;
}

}  // namespace byom
