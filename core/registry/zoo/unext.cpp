#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"

namespace byom {

namespace {

std::shared_ptr<Schema> blockSchema() {
    return std::make_shared<Schema>(Schema{
        heartkit::filtersParam("Block output channels, the strided downsampling conv's and the "
                               "decoder convs'."),
        intParam("depth", 1, 0, 64, "Encoder unext blocks per stage."),
        orNull(intParam("ddepth", 1, 0, 64, "Decoder unext blocks per stage (ddepth or depth).")),
        windowParam("kernel", 3, 1, 1024, "Kernel of the grouped conv inside a unext block."),
        windowParam("pool", 2, 1, 1024,
                    "Kernel of the strided downsampling conv and of the decoder conv."),
        windowParam("strides", 2, 1, 64, "Downsampling conv strides and UpSampling2D size."),
        boolParam("skip", true,
                  "Add (not concatenate) the encoder output in the decoder, then 1x1 conv + "
                  "norm + relu6."),
        floatParam("expand_ratio", 1, 0.0, 64,
                   "If != 1: a grouped 1x1 conv to int(expand_ratio * C) channels + relu6."),
        floatParam("se_ratio", 0, 0.0, 65536,
                   "Squeeze-excite if > 1 (HeartKit computes its channels as a float C // "
                   "ratio)."),
        orNull(floatParam("dropout", 0.0, 0.0, 0.99, "Dropout before the residual add.")),
        heartkit::normParam("norm", "layer",
                            "Norm after each conv: batch, layer or null (convs get biases "
                            "only without a norm)."),
    });
}

}  // namespace

// HeartKit's UNext (helia_edge/models/unext.py): listed with UNextParams / UNextBlockParams
// field by field, never built, because HeartKit's own builder cannot run.
Architecture unextArchitecture() {
    Architecture a;
    a.name = "unext";
    a.doc =
        "HeartKit's UNext (UNextParams): a U-shaped network of ConvNeXt-style blocks. HeartKit "
        "cannot build it (see the refusal), so neither does BYOM.";
    a.schema = Schema{
        listParam("blocks", objectParam("block", blockSchema(), "One UNextBlockParams stage."),
                  json::array(), 0, 64, "Encoder stages, then the decoder in reverse order."),
        boolParam("include_top", true, "NECK_conv Conv2D(num_classes, output_kernel_size, bias)."),
        boolParam("use_logits", true, "false: a Softmax after the head."),
        windowParam("output_kernel_size", 3, 1, 1024, "Kernel of the NECK_conv head."),
        ignoredParam(windowParam("output_kernel_stride", 1, 1, 64, "Head stride (read nowhere)."),
                     "HeartKit's UNextParams.output_kernel_stride is read nowhere; it has no "
                     "effect"),
        ignoredParam(makeParam("name", ParamType::String, "UNext", "Model name (read nowhere)."),
                     "HeartKit's UNextParams.name is read nowhere (keras.Model is built without "
                     "a name); it has no effect"),
    };
    a.example = {{"blocks",
                  {{{"filters", 16}, {"depth", 1}, {"kernel", {1, 7}}, {"strides", {1, 2}}},
                   {{"filters", 32}, {"depth", 1}, {"kernel", {1, 7}}, {"strides", {1, 2}}}}},
                 {"output_kernel_size", {1, 5}}};
    heartkit::refuseEveryBuild(
        a,
        "HeartKit's UNextModel.layer_from_params calls unext_layer(x=inputs, ...), but "
        "unext_layer's parameter is named inputs, so every HeartKit unext build raises "
        "TypeError (unexpected keyword argument 'x'); no shipped HeartKit config uses it.");
    a.refusals.push_back(
        "blocks with se_ratio > 1 (were the builder called directly): its squeeze-excite gives "
        "Conv2D a float channel count (C // ratio with a float ratio), which Keras rejects.");
    return a;
}

}  // namespace byom
