#include <optional>

#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::shared_ptr<Schema> blockSchema() {
    return std::make_shared<Schema>(Schema{
        heartkit::filtersParam("Channels of every conv of the stage, encoder and decoder."),
        intParam("depth", 1, 0, 64, "Encoder convs of the stage (conv + norm + act each)."),
        orNull(intParam("ddepth", 1, 0, 64,
                        "Decoder convs of the stage (ddepth or depth: null and 0 mean depth).")),
        windowParam("kernel", 3, 1, 1024,
                    "Conv kernel (int k: a k x k window on HeartKit's (1, T, C) tensor, [1, k] a "
                    "1-D one)."),
        windowParam("pool", 3, 1, 1024, "MaxPooling2D pool size (padding same)."),
        windowParam("strides", 1, 1, 64,
                    "MaxPooling2D strides and UpSampling2D size; on a 1-D signal only [1, s] "
                    "(an int s > 1 also scales the one row)."),
        boolParam("skip", true,
                  "Concatenate the stage's encoder output in the decoder (after the upsample), "
                  "then a 1x1 conv + norm + act."),
        boolParam("seperable", false,
                  "SeparableConv2D (a depthwise conv, then a 1x1 conv) instead of Conv2D "
                  "(HeartKit's spelling)."),
        orNull(floatParam("dropout", 0.0, 0.0, 0.99,
                          "Dropout on the encoder conv path before the residual add.")),
        heartkit::normParam("norm", "batch",
                            "Norm after each conv: batch (momentum 0.99), layer (over time "
                            "per channel) or null (the convs then get biases)."),
        enumParam("activation", "relu6", {"relu", "relu6", "leaky_relu", "elu", "selu"},
                  "Activation after each conv's norm."),
        orNull(windowParam("dilation", 1, 1, 1024,
                           "Encoder conv d uses dilation**d (a pair per axis); the decoder "
                           "convs reuse the last encoder conv's.")),
    });
}

/// What expands the params: the blocks, the input's channels, and where the decoder's
/// dilation (helia's leaked loop variable) comes from.
class Builder {
public:
    explicit Builder(const json& blocks) : m_blocks(blocks) {
        // helia's decoder convs use dilation_rate as the encoder loop left it: the last
        // encoder conv's (of the last stage with depth > 0).
        for (const json& b : blocks) {
            const long long depth = b.at("depth").get<long long>();
            if (depth > 0) m_decoderDilation = dilationOf(b, depth - 1);
        }
    }

    /// Appends stage i and every deeper one, on a signal of `length` positions and
    /// `channels` channels, to `out`; sets `length` to the length out.
    void level(std::size_t i, long long& length, long long channels,
               std::vector<LayerSpec>& out) const {
        if (i == m_blocks.size()) return;
        const json& b = m_blocks[i];
        const std::string path = "params.blocks[" + std::to_string(i) + "]";
        const long long filters = b.at("filters").get<long long>();
        const long long depth = b.at("depth").get<long long>();
        const json& norm = b.at("norm");
        const std::string act = b.at("activation").get<std::string>();

        // Encoder: the convs (+ dropout) plus a 1x1 conv with a bias on the stage's input.
        if (depth == 0 && channels != filters)
            throw Error(path + ".depth: 0 leaves the conv path with the input's " +
                        std::to_string(channels) + " channels while the 1x1 skip conv gives " +
                        std::to_string(filters) + ", and Keras's Add fails; give depth >= 1 or " +
                        "filters " + std::to_string(channels));
        std::vector<LayerSpec> enc;
        for (long long d = 0; d < depth; ++d) appendConv(enc, b, dilationOf(b, d), path);
        if (!b.at("dropout").is_null())
            enc.push_back(LayerSpec::of("dropout", {{"rate", b.at("dropout").get<double>()}}));
        out.push_back(residual(std::move(enc)));

        const heartkit::Window s = heartkit::window(b.at("strides"));
        if (s.rows > 1)
            throw Error(path + ".strides: " + b.at("strides").dump() +
                        " makes UpSampling2D turn HeartKit's one row of a 1-D signal into " +
                        std::to_string(s.rows) + " rows, so " +
                        (b.at("skip").get<bool>() ? "the concatenation with the encoder output"
                                                  : "a later concatenation or the final reshape") +
                        " fails in Keras; give [1, " + std::to_string(s.cols) + "]");
        const heartkit::Window pool = heartkit::window(b.at("pool"));
        std::vector<LayerSpec> inner;
        inner.push_back(LayerSpec::of(
            "max_pool1d", {{"pool_size", pool.cols}, {"strides", s.cols}, {"padding", "same"}}));
        long long deeper = (length + s.cols - 1) / s.cols;
        level(i + 1, deeper, filters, inner);

        // Decoder: convs with the leaked dilation, the upsample, the skip, the residual conv.
        const long long ddepth = b.at("ddepth").is_null() || b.at("ddepth").get<long long>() == 0
                                     ? depth
                                     : b.at("ddepth").get<long long>();
        if (ddepth > 0 && !m_decoderDilation)
            throw Error(path +
                        ".ddepth: the decoder convs use the dilation the encoder loop "
                        "left, but every stage has depth 0, so HeartKit raises NameError; give "
                        "a stage depth >= 1");
        for (long long d = 0; d < ddepth; ++d) appendConv(inner, b, *m_decoderDilation, path);
        inner.push_back(LayerSpec::of("upsampling1d", {{"size", s.cols}}));
        deeper *= s.cols;
        if (b.at("skip").get<bool>()) {
            if (deeper != length)
                throw Error(path + ".strides: " + b.at("strides").dump() + " pools length " +
                            std::to_string(length) + " to " +
                            std::to_string((length + s.cols - 1) / s.cols) +
                            " and the upsample gives " + std::to_string(deeper) +
                            ", so Keras's concatenation with the encoder output fails; give a "
                            "frame size the strides of every stage divide");
            LayerSpec cat = LayerSpec::of("concat_skip");
            cat.layers = std::move(inner);
            out.push_back(std::move(cat));
            out.push_back(heartkit::conv(filters, json::array({1, 1}), 1, norm.is_null(),
                                         "he_normal", path + ".kernel"));
            appendNorm(out, norm);
            out.push_back(heartkit::activation(act));
        } else {
            out.insert(out.end(), inner.begin(), inner.end());
            length = deeper;
        }
        std::vector<LayerSpec> dec;
        appendConv(dec, b, json::array({1, 1}), path);
        out.push_back(residual(std::move(dec)));
    }

private:
    /// helia's dilation of encoder conv d: (1, 1) without one, else dilation**d per axis.
    static json dilationOf(const json& b, long long d) {
        if (b.at("dilation").is_null()) return json::array({1, 1});
        const heartkit::Window w = heartkit::window(b.at("dilation"));
        long long r = 1, c = 1;
        for (long long k = 0; k < d; ++k) r *= w.rows, c *= w.cols;
        return json::array({r, c});
    }

    static void appendNorm(std::vector<LayerSpec>& out, const json& norm) {
        if (norm == "batch")
            out.push_back(heartkit::batchNorm(0.99));
        else if (norm == "layer")
            heartkit::appendNorm(out, norm);
    }

    /// Conv2D or SeparableConv2D(filters, kernel, same, dilation, bias iff no norm), the
    /// norm, the activation.
    static void appendConv(std::vector<LayerSpec>& out, const json& b, const json& dilation,
                           const std::string& path) {
        const long long filters = b.at("filters").get<long long>();
        const json& norm = b.at("norm");
        if (b.at("seperable").get<bool>()) {
            out.push_back(heartkit::depthwise(b.at("kernel"), dilation, false, "he_normal",
                                              path + ".kernel"));
            out.push_back(heartkit::conv(filters, json::array({1, 1}), 1, norm.is_null(),
                                         "he_normal", path + ".kernel"));
        } else {
            out.push_back(heartkit::conv(filters, b.at("kernel"), dilation, norm.is_null(),
                                         "he_normal", path + ".kernel"));
        }
        appendNorm(out, norm);
        out.push_back(heartkit::activation(b.at("activation").get<std::string>()));
    }

    /// y = inner(x) + Conv2D(filters, 1, bias)(x): a residual block with its projection.
    static LayerSpec residual(std::vector<LayerSpec> inner) {
        LayerSpec r = LayerSpec::of(
            "residual",
            {{"projection", "always"}, {"projection_bias", true}, {"activation", "linear"}});
        r.layers = std::move(inner);
        return r;
    }

    const json& m_blocks;
    std::optional<json> m_decoderDilation;
};

}  // namespace

// HeartKit's U-Net (helia_edge/models/unet.py, unet_layer) on a (T, C) input, which HeartKit
// runs as (1, T, C). Per stage i, nested:
//   encoder: residual{ depth x [Conv2D(filters, kernel, dilation**d, bias iff no norm) or
//            SeparableConv2D + norm + act], Dropout } + Conv2D(filters, 1x1, bias) skip
//   concat_skip{ MaxPooling2D(pool, strides, same), stage i + 1 ..., (ddepth or depth) x
//            [conv + norm + act] with the last encoder conv's dilation,
//            UpSampling2D(strides) } (inner first, as helia concatenates [y, skip]),
//            Conv2D(filters, 1x1, bias iff no norm) + norm + act   -- only when skip
//   decoder: residual{ conv(kernel) + norm + act } + Conv2D(filters, 1x1, bias) skip
// then [include_top: NECK_conv Conv2D(num_classes, output_kernel_size, same, bias), a Softmax
// unless use_logits]. Norms: BatchNormalization(momentum 0.99, epsilon 1e-3) or
// LayerNormalization over (T, C) per channel; all convs he_normal, padding same.
Architecture unetArchitecture() {
    Architecture a;
    a.name = "unet";
    a.doc =
        "HeartKit's U-Net (UNetParams, UNetBlockParams): encoder stages of convs with 1x1 "
        "residual skips and max pooling, a mirrored decoder upsampling and concatenating each "
        "stage's encoder output, and a per-step NECK_conv head: output (T, num_classes).";
    a.schema = Schema{
        listParam("blocks", objectParam("block", blockSchema(), "One UNetBlockParams stage."),
                  json::array(), 0, 64, "Encoder stages, then the decoder in reverse order."),
        boolParam("include_top", true,
                  "NECK_conv Conv2D(num_classes, output_kernel_size, same, bias); without it the "
                  "output is (T, filters of the first stage)."),
        boolParam("use_logits", true, "false: a Softmax after the head."),
        windowParam("output_kernel_size", 3, 1, 1024, "Kernel of the NECK_conv head."),
        ignoredParam(windowParam("output_kernel_stride", 1, 1, 64, "Head stride (read nowhere)."),
                     "HeartKit's UNetParams.output_kernel_stride is read nowhere; it has no "
                     "effect"),
        ignoredParam(makeParam("name", ParamType::String, "UNet", "Model name (read nowhere)."),
                     "HeartKit's UNetParams.name is read nowhere (keras.Model is built without "
                     "a name); it has no effect"),
    };
    a.schema.dropping("model_name",
                      "HeartKit's UNetParams has no model_name and drops it; the field meant is "
                      "\"name\", which is read nowhere either: no effect");
    a.refusals = {
        "strides with more than one row (an int s > 1, or [r > 1, s]) on a 1-D signal: "
        "UpSampling2D turns HeartKit's one row into r rows and the concatenation (or the final "
        "reshape) fails in Keras.",
        "a skip stage whose pool and upsample change the length (ceil(T / s) * s != T): Keras's "
        "concatenation fails.",
        "depth 0 on a stage whose filters differ from its input's channels: Keras's Add of the "
        "conv path and the 1x1 skip fails.",
        "include_top without num_classes, and no blocks and no top (an empty model).",
    };
    json blocks = json::array();
    for (const int filters : {8, 16})
        blocks.push_back({{"filters", filters},
                          {"depth", 2},
                          {"ddepth", 1},
                          {"kernel", {1, 5}},
                          {"pool", {1, 3}},
                          {"strides", {1, 2}},
                          {"skip", true},
                          {"seperable", filters == 16}});
    a.example = {{"blocks", blocks},
                 {"output_kernel_size", {1, 5}},
                 {"include_top", true},
                 {"use_logits", true}};
    a.expand = [](const Shape& input, const json& p, std::optional<int> numClasses, HeadKind) {
        if (input.rank() != 2)
            throw Error("unet needs a (length, channels) input, got " + input.toString() +
                        " (HeartKit's keras.Input(shape=(frame_size, channels)))");
        std::vector<LayerSpec> out;
        long long length = input[0];
        Builder(p.at("blocks")).level(0, length, input[1], out);
        if (p.at("include_top").get<bool>()) {
            if (!numClasses)
                throw Error(
                    "params.include_top: the NECK_conv head needs num_classes; give "
                    "num_classes or include_top false");
            out.push_back(heartkit::conv(*numClasses, p.at("output_kernel_size"), 1, true,
                                         "he_normal", "params.output_kernel_size"));
            if (!p.at("use_logits").get<bool>()) out.push_back(heartkit::activation("softmax"));
        }
        if (out.empty()) throw Error("unet: no blocks and no top: an empty model");
        return out;
    };
    return a;
}

}  // namespace byom
