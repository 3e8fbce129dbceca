#include "core/layers/activation.h"
#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::shared_ptr<Schema> blockSchema() {
    return std::make_shared<Schema>(Schema{
        intParam("depth", 1, 1, 64,
                 "mb/sm: the DW -> (SE) -> PW unit repeats depth times inside one skip; lg: "
                 "the conv-conv-add-act-SE-dropout unit repeats."),
        intParam("branch", 1, 1, 8,
                 "mb/sm: 1 to 8 parallel DW + norm and PW + norm branches, each set summed (a "
                 "branch_sum block) before its activation; 1: no sum. Unused by lg."),
        heartkit::filtersParam("Output channels of the PW conv (mb/sm) or of both convs (lg)."),
        windowParam("kernel", 3, 1, 1024,
                    "DW kernel (mb/sm) or conv kernel (lg): an int k is a k x k window on "
                    "HeartKit's (1, T, C) tensor (k rows of params), [1, k] a 1-D one."),
        windowParam("dilation", 1, 1, 1024, "Dilation of the DW/conv (int d means (d, d))."),
        floatParam("ex_ratio", 1, 0.0, 64,
                   "mb only: if != 1, a 1x1 conv to int(filters * ex_ratio) + norm + act before "
                   "the DW."),
        floatParam("se_ratio", 0, 0.0, 65536,
                   "Squeeze-excite with floor(C / se_ratio) hidden units (relu6, hard_sigmoid): "
                   "mb after the DW act if that is > 0; lg per depth if se_ratio > 0; sm after "
                   "the loop if it is > 1 (HeartKit fails on se_ratio 0 there: refused)."),
        orNull(floatParam("dropout", 0.0, 0.0, 0.99,
                          "SpatialDropout2D (whole channels) at the end of the block if > 0.")),
        heartkit::normParam("norm", "layer",
                            "Norm after every conv: batch, layer (LayerNormalization over time per "
                            "channel, 2 * T params) or null (none; the convs get biases instead)."),
        enumParam("activation", "relu6", activationNames(), "All activations of the block."),
    });
}

/// The per-block problems HeartKit's builder raises on, as errors naming the field.
void checkBlock(const json& b, const std::string& type, const std::string& path) {
    if (type == "sm" && b.at("se_ratio").get<double>() == 0)
        throw Error(path +
                    ".se_ratio: 0 with block_type sm: HeartKit's tcn_block_sm divides by it "
                    "(ZeroDivisionError), so it cannot build such a block; give a ratio > 0");
}

/// Appends `unit` (a conv and its norm) to `out`: as it is for one branch, else as the
/// `branches` parallel copies HeartKit sums with Add (B1, B2, ...), a branch_sum block.
void appendBranches(std::vector<LayerSpec>& out, std::vector<LayerSpec> unit, int branches) {
    if (branches == 1) {
        for (LayerSpec& l : unit) out.push_back(std::move(l));
        return;
    }
    LayerSpec sum = LayerSpec::of("branch_sum", {{"branches", branches}});
    sum.layers = std::move(unit);
    out.push_back(std::move(sum));
}

void appendMbOrSm(std::vector<LayerSpec>& out, const json& b, bool mb, long long& channels,
                  const std::string& path) {
    const long long filters = b.at("filters").get<long long>();
    const json& norm = b.at("norm");
    const bool bias = norm.is_null();
    const std::string act = b.at("activation").get<std::string>();
    const double se = b.at("se_ratio").get<double>();
    const double ex = b.at("ex_ratio").get<double>();
    const int branches = b.at("branch").get<int>();
    const long long in = channels;
    std::vector<LayerSpec> inner;
    long long c = channels;
    for (int d = 0; d < b.at("depth").get<int>(); ++d) {
        if (mb && ex != 1) {
            c = static_cast<long long>(static_cast<double>(filters) * ex);
            if (c < 1) throw Error(path + ".ex_ratio: int(filters * ex_ratio) is 0 channels");
            inner.push_back(
                heartkit::conv(c, json::array({1, 1}), 1, bias, "he_normal", path + ".kernel"));
            heartkit::appendNorm(inner, norm);
            inner.push_back(heartkit::activation(act));
        }
        std::vector<LayerSpec> dw = {heartkit::depthwise(b.at("kernel"), b.at("dilation"), bias,
                                                         "he_normal", path + ".kernel")};
        heartkit::appendNorm(dw, norm);
        appendBranches(inner, std::move(dw), branches);
        inner.push_back(heartkit::activation(act));
        if (mb && se != 0 && heartkit::floorDiv(c, se) > 0)
            inner.push_back(heartkit::squeezeExcite(se));
        std::vector<LayerSpec> pw = {
            heartkit::conv(filters, json::array({1, 1}), 1, bias, "he_normal", path + ".kernel")};
        heartkit::appendNorm(pw, norm);
        appendBranches(inner, std::move(pw), branches);
        inner.push_back(heartkit::activation(act));
        c = filters;
    }
    if (!mb && heartkit::floorDiv(c, se) > 1) inner.push_back(heartkit::squeezeExcite(se));
    if (in == c) {
        // The skip Add (identity; HeartKit adds no projection when the channels change).
        LayerSpec res = LayerSpec::of("residual", {{"projection", "never"}});
        res.layers = std::move(inner);
        out.push_back(std::move(res));
    } else {
        for (LayerSpec& l : inner) out.push_back(std::move(l));
    }
    channels = c;
    const json& drop = b.at("dropout");
    if (!drop.is_null() && drop.get<double>() > 0)
        out.push_back(LayerSpec::of("dropout", {{"rate", drop}, {"spatial", true}}));
}

void appendLg(std::vector<LayerSpec>& out, const json& b, long long& channels,
              const std::string& path) {
    const long long filters = b.at("filters").get<long long>();
    const json& norm = b.at("norm");
    const std::string act = b.at("activation").get<std::string>();
    const double se = b.at("se_ratio").get<double>();
    for (int d = 0; d < b.at("depth").get<int>(); ++d) {
        std::vector<LayerSpec> inner;
        // The first conv never has a bias; the second has one without a norm.
        inner.push_back(heartkit::conv(filters, b.at("kernel"), b.at("dilation"), false,
                                       "he_normal", path + ".kernel"));
        heartkit::appendNorm(inner, norm);
        inner.push_back(heartkit::conv(filters, b.at("kernel"), b.at("dilation"), norm.is_null(),
                                       "he_normal", path + ".kernel"));
        heartkit::appendNorm(inner, norm);
        if (channels == filters) {
            LayerSpec res =
                LayerSpec::of("residual", {{"projection", "never"}, {"activation", act}});
            res.layers = std::move(inner);
            out.push_back(std::move(res));
        } else {
            for (LayerSpec& l : inner) out.push_back(std::move(l));
            out.push_back(heartkit::activation(act));
        }
        channels = filters;
        if (se > 0) {
            if (heartkit::floorDiv(channels, se) < 1)
                throw Error(path + ".se_ratio: " + std::to_string(channels) + " channels // " +
                            json(se).dump() +
                            " is 0 squeeze filters, which Keras cannot build; give a ratio "
                            "<= the filters");
            out.push_back(heartkit::squeezeExcite(se));
        }
        const json& drop = b.at("dropout");
        if (!drop.is_null() && drop.get<double>() > 0)
            out.push_back(LayerSpec::of("dropout", {{"rate", drop}, {"spatial", true}}));
    }
}

}  // namespace

// HeartKit's tcn (helia_edge/models/tcn.py, tcn_layer) on a (T, C) input, which HeartKit runs
// as (1, T, C):
//   [input_kernel: DepthwiseConv2D(input_kernel, same, bias iff input_norm is null) + norm]
//   blocks B1..Bn of block_type mb, sm or lg (see appendMbOrSm / appendLg)
//   [include_top: NECK_conv Conv2D(num_classes, output_kernel, same, bias), then
//    Activation(output_activation), or Softmax when use_logits is false]
// The time length is kept throughout: the output is (T, num_classes), one prediction per
// time step (or (T, C) of the last block without the top).
Architecture tcnArchitecture() {
    Architecture a;
    a.name = "tcn";
    a.doc =
        "HeartKit's temporal convolutional network (TcnParams): dilated depthwise-separable "
        "blocks (mb, sm; branch > 1 sums that many parallel DW and PW convs, each with its "
        "norm) or dilated conv pairs (lg) and a per-time-step conv head; the output keeps the "
        "time axis, (T, num_classes).";
    a.schema = Schema{
        [] {
            ParamSpec p = windowParam("input_kernel", 3, 1, 1024,
                                      "Kernel of the input DepthwiseConv2D (null: none).");
            p.defaultValue = nullptr;
            p.nullable = true;
            return p;
        }(),
        heartkit::normParam("input_norm", "layer",
                            "Norm after the input conv: batch, layer or null."),
        enumParam("block_type", "mb", {"mb", "sm", "lg"},
                  "mb: DW(+expand, SE) + PW units with one skip; sm: DW + PW units, SE after "
                  "them; lg: two full convs per unit, each unit with its skip."),
        listParam("blocks", objectParam("block", blockSchema(), "One TcnBlockParams."),
                  json::array(), 0, 64, "The blocks B1..Bn; the time length is kept."),
        windowParam("output_kernel", 3, 1, 1024,
                    "Kernel of the NECK_conv head (the int default 3 is a 3 x 3 window)."),
        boolParam("include_top", true,
                  "Add the NECK_conv head of num_classes channels per time step."),
        boolParam("use_logits", true,
                  "false: a Softmax after the head (unless output_activation is set)."),
        heartkit::optionalActivation(
            "output_activation", "Activation after the head; takes precedence over use_logits."),
        ignoredParam(makeParam("name", ParamType::String, "TCN", "Model name (read nowhere)."),
                     "HeartKit's TcnParams.name is read nowhere (keras.Model is built without "
                     "a name); it has no effect"),
    };
    a.schema.dropping("model_name",
                      "HeartKit's TcnParams has no model_name and drops it (its shipped "
                      "configs carry it); the field meant is \"name\", which is read nowhere "
                      "either: no effect");
    a.refusals = {
        "block_type sm with se_ratio 0: tcn_block_sm computes C // se_ratio "
        "(ZeroDivisionError).",
        "include_top without num_classes: Conv2D(None) fails (HeartKit's denoise task passes "
        "1).",
        "an even number of kernel rows with row dilation > 1: no kernel row meets the signal.",
    };
    a.example = {{"input_kernel", {1, 7}},
                 {"input_norm", "batch"},
                 {"blocks",
                  {{{"depth", 1},
                    {"branch", 1},
                    {"filters", 16},
                    {"kernel", {1, 7}},
                    {"dilation", {1, 1}},
                    {"dropout", 0.1},
                    {"ex_ratio", 1},
                    {"se_ratio", 0},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 24},
                    {"kernel", {1, 7}},
                    {"dilation", {1, 2}},
                    {"dropout", 0.1},
                    {"ex_ratio", 1},
                    {"se_ratio", 2},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 32},
                    {"kernel", {1, 7}},
                    {"dilation", {1, 4}},
                    {"dropout", 0.1},
                    {"ex_ratio", 1},
                    {"se_ratio", 2},
                    {"norm", "batch"}},
                   {{"depth", 1},
                    {"branch", 1},
                    {"filters", 48},
                    {"kernel", {1, 7}},
                    {"dilation", {1, 8}},
                    {"dropout", 0.1},
                    {"ex_ratio", 1},
                    {"se_ratio", 2},
                    {"norm", "batch"}}}},
                 {"output_kernel", {1, 7}},
                 {"include_top", true},
                 {"use_logits", true}};
    a.expand = [](const Shape& input, const json& p, std::optional<int> numClasses, HeadKind) {
        if (input.rank() != 2)
            throw Error("tcn needs a (length, channels) input, got " + input.toString() +
                        " (HeartKit's keras.Input(shape=(frame_size, 1)))");
        std::vector<LayerSpec> out;
        const json& norm = p.at("input_norm");
        if (!p.at("input_kernel").is_null()) {
            out.push_back(heartkit::depthwise(p.at("input_kernel"), 1, norm.is_null(),
                                              "glorot_uniform", "params.input_kernel"));
            heartkit::appendNorm(out, norm);
        }
        const std::string type = p.at("block_type").get<std::string>();
        long long channels = input[1];
        const json& blocks = p.at("blocks");
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const std::string path = "params.blocks[" + std::to_string(i) + "]";
            checkBlock(blocks[i], type, path);
            if (type == "lg")
                appendLg(out, blocks[i], channels, path);
            else
                appendMbOrSm(out, blocks[i], type == "mb", channels, path);
        }
        if (p.at("include_top").get<bool>()) {
            if (!numClasses)
                throw Error(
                    "tcn: include_top needs num_classes (the head's channels per time step; "
                    "HeartKit's denoise task passes 1): give --classes, or include_top false");
            out.push_back(heartkit::conv(*numClasses, p.at("output_kernel"), 1, true,
                                         "glorot_uniform", "params.output_kernel"));
            if (!p.at("output_activation").is_null())
                out.push_back(heartkit::activation(p.at("output_activation").get<std::string>()));
            else if (!p.at("use_logits").get<bool>())
                out.push_back(heartkit::activation("softmax"));
        }
        if (out.empty()) throw Error("tcn: no input conv, no blocks and no top: an empty model");
        return out;
    };
    return a;
}

}  // namespace byom
