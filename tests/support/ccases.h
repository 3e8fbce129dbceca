#pragma once

// The models the C library export is checked on (tests/cli/tst_cexport.cpp) and that int8
// quantisation runs through (tests/core/tst_quantization.cpp): models covering every layer
// kind of the catalogue and every activation, the zoo's architectures with their example
// params, and the example params files.

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <stdexcept>

#include "core/registry/modelfactory.h"
#include "core/registry/paramsfile.h"
#include "support/modelcases.h"

namespace byom::test {

inline std::vector<ModelCase> cases() {
    std::vector<ModelCase> c;
    c.push_back(everyActivationMlp("activations"));
    // BatchNorm right after the input (folded into the normalisation), after a linear dense
    // (folded into it) and after an activation (a kernel of its own).
    c.push_back(
        {"norms", Shape{8},
         stack(json::array(
             {layer("batch_norm"), layer("dense", {{"units", 16}}), layer("batch_norm"),
              layer("dense", {{"units", 12}, {"activation", "gelu"}}), layer("batch_norm"),
              layer("layer_norm"), layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    // Every other layer kind and activation, with odd lengths so that "same" pads unevenly.
    c.push_back(
        {"every-kind", Shape{37, 3},
         stack(json::array(
             {layer("conv1d", {{"filters", 6},
                               {"kernel_size", 4},
                               {"strides", 2},
                               {"padding", "same"},
                               {"activation", "elu"}}),
              layer("depthwise_conv1d", {{"kernel_size", 3},
                                         {"padding", "same"},
                                         {"depth_multiplier", 2},
                                         {"activation", "selu"}}),
              layer("batch_norm"),
              layer("separable_conv1d", {{"filters", 8},
                                         {"kernel_size", 3},
                                         {"dilation_rate", 2},
                                         {"padding", "same"},
                                         {"activation", "swish"}}),
              layer("avg_pool1d", {{"pool_size", 3}, {"strides", 2}, {"padding", "same"}}),
              block("residual", {{"activation", "relu6"}},
                    json::array(
                        {layer("batch_norm"),
                         layer("conv1d", {{"filters", 8}, {"kernel_size", 3}, {"padding", "same"}}),
                         layer("batch_norm")})),
              block("residual", {{"activation", "hard_swish"}},
                    json::array({layer("conv1d", {{"filters", 12},
                                                  {"kernel_size", 3},
                                                  {"strides", 2},
                                                  {"padding", "same"}})})),
              layer("squeeze_excite", {{"ratio", 4},
                                       {"squeeze_activation", "relu6"},
                                       {"excite_activation", "hard_sigmoid"}}),
              layer("upsampling1d", {{"size", 2}}),
              layer("activation", {{"activation", "hard_sigmoid"}}),
              layer("activation", {{"activation", "leaky_relu"}, {"alpha", 0.1}}),
              layer("max_pool1d", {{"pool_size", 3}, {"strides", 2}, {"padding", "same"}}),
              layer("layer_norm"),
              layer("depthwise_conv1d",
                    {{"kernel_size", 2}, {"padding", "same"}, {"use_bias", false}}),
              layer("conv1d", {{"filters", 4},
                               {"kernel_size", 3},
                               {"dilation_rate", 2},
                               {"activation", "sigmoid"}}),
              layer("reshape", {{"target_shape", {-1, 2}}}),
              layer("global_max_pool1d"),
              layer("dense", {{"units", 5}, {"activation", "hard_sigmoid"}}),
              block("residual", {{"activation", "linear"}},
                    json::array({layer("dense", {{"units", 7}, {"activation", "gelu"}})})),
              layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    c.push_back({"pools", Shape{20, 2},
                 stack(json::array({layer("max_pool1d", {{"pool_size", 3}, {"strides", 1}}),
                                    layer("avg_pool1d", {{"pool_size", 2}}),
                                    layer("conv1d", {{"filters", 3}, {"kernel_size", 2}}),
                                    layer("global_avg_pool1d"),
                                    layer("dense", {{"units", 2}, {"activation", "softmax"}})}))});
    c.push_back(flattenReshape());
    c.push_back({"regression-mlp", Shape{5},
                 stack(json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                                    layer("dense", {{"units", 3}, {"activation", "linear"}})})),
                 true});
    c.push_back(
        {"regression-signal", Shape{24, 2},
         stack(json::array(
             {layer("conv1d", {{"filters", 4}, {"kernel_size", 3}, {"padding", "same"}}),
              layer("batch_norm"),
              layer("conv1d", {{"filters", 2}, {"kernel_size", 1}, {"activation", "sigmoid"}})})),
         true});
    // conv1d_few (stride 1, fewer than 8 filters): dilated with "same" padding, then valid,
    // long enough for blocks of 16 positions between the edges (the last one overlapping).
    c.push_back(
        {"few-filters", Shape{45, 3},
         stack(json::array(
             {layer(
                  "conv1d",
                  {{"filters", 4}, {"kernel_size", 3}, {"dilation_rate", 2}, {"padding", "same"}}),
              layer("conv1d", {{"filters", 2}, {"kernel_size", 5}, {"activation", "relu"}}),
              layer("flatten"), layer("dense", {{"units", 2}, {"activation", "softmax"}})}))});
    {
        ModelFactory registry = ModelFactory::withBuiltins();
        registry.addStack(
            {"encoder", Shape{6}, std::nullopt,
             stack(json::array({layer("dense", {{"units", 8}}), layer("batch_norm"),
                                layer("dense", {{"units", 6}, {"activation", "tanh"}})}))});
        c.push_back({"registered-block", Shape{6},
                     registry.resolve(LayerSpec::listFromJson(
                         json::array({layer("architecture", {{"name", "encoder"}}),
                                      layer("dense", {{"units", 3}, {"activation", "softmax"}})}),
                         "layers"))});
    }
    // The zoo's architectures with their example params, and the example params files, on
    // a signal or (for those that need one) a flat input.
    const ModelFactory zoo = ModelFactory::withBuiltins();
    const auto add = [&c, &zoo](const std::string& name, const std::string& arch,
                                const json& params, std::vector<Shape> inputs, int classes) {
        inputs.push_back(Shape{256, 1});
        inputs.push_back(Shape{16});
        for (const Shape& input : inputs) {
            try {
                std::vector<LayerSpec> specs = zoo.expand(arch, input, params, classes);
                inferShapes(specs, input);
                c.push_back({name, input, std::move(specs)});
                return;
            } catch (const std::exception&) {
            }
        }
        throw std::runtime_error(name + " builds on no input");
    };
    // (unet, added later than the others, is appended last: see below.)
    for (const std::string& arch : zoo.list())
        if (zoo.get(arch).unbuildable.empty() && arch != "unet")
            add("zoo-" + arch, arch, zoo.get(arch).example, {}, 4);
    const QString examples = QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/");
    for (const QString& file : QDir(examples).entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const ParamsFile p = ParamsFile::read(QString(examples + file).toStdString());
        std::vector<Shape> inputs;
        if (p.inputShape) inputs.push_back(*p.inputShape);
        add("example-" + QFileInfo(file).baseName().toStdString(), p.name, p.params, inputs,
            p.numClasses.value_or(4));
    }
    // Appended last: the tests draw every case's random weights from one stream, in order.
    // U-Net skips: concatenations around a pool and an upsample, nested, a per-step
    // regression; and one on a flat input.
    c.push_back(
        {"concat-skip", Shape{24, 3},
         stack(json::array(
             {layer("conv1d", {{"filters", 4}, {"kernel_size", 3}, {"padding", "same"}}),
              block("concat_skip", json::object(),
                    json::array({layer("max_pool1d", {{"pool_size", 2}}),
                                 layer("conv1d", {{"filters", 6},
                                                  {"kernel_size", 3},
                                                  {"padding", "same"},
                                                  {"activation", "relu"}}),
                                 block("concat_skip", json::object(),
                                       json::array({layer("batch_norm"),
                                                    layer("conv1d", {{"filters", 3},
                                                                     {"kernel_size", 1},
                                                                     {"activation", "tanh"}})})),
                                 layer("upsampling1d", {{"size", 2}})})),
              layer("conv1d", {{"filters", 3}, {"kernel_size", 1}})})),
         true});
    c.push_back({"concat-skip-flat", Shape{6},
                 stack(json::array(
                     {block("concat_skip", json::object(),
                            json::array({layer("dense", {{"units", 5}, {"activation", "elu"}})})),
                      layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    add("zoo-unet", "unet", zoo.get("unet").example, {Shape{64, 1}}, 4);
    // (Appended: the cases share one stream of random weights, so a case added in the middle
    // would change the weights of every case after it.) The host kernels' vector blocks: 16 then 8
    // filters (or channels) with and without a bias, filters left over, stride 2, and conv1d_few on
    // too many channels for its wide blocks of 32 positions.
    c.push_back(
        {"vector-blocks", Shape{40, 3},
         stack(json::array(
             {layer("conv1d", {{"filters", 24}, {"kernel_size", 3}, {"padding", "same"}}),
              layer("depthwise_conv1d",
                    {{"kernel_size", 5}, {"padding", "same"}, {"use_bias", false}}),
              layer("conv1d", {{"filters", 20},
                               {"kernel_size", 3},
                               {"strides", 2},
                               {"padding", "same"},
                               {"use_bias", false},
                               {"activation", "relu"}}),
              layer("conv1d", {{"filters", 64}, {"kernel_size", 1}}),
              layer("conv1d", {{"filters", 3}, {"kernel_size", 3}, {"padding", "same"}}),
              layer("flatten"), layer("dense", {{"units", 2}, {"activation", "softmax"}})}))});
    // (Appended, as above.) Branch sums: HeartKit's DW unit in three copies (each batch norm
    // folded into its own copy's depthwise), a PW unit in two copies holding a nested sum
    // that pools, a one-copy sum; and the zoo's tcn with branch 2 and 3. (A sum on a flat
    // input lowers to the same adds; tst_exportcatalogue runs one in the other runtimes. The
    // flash budget's code-size estimate is over 25% high for a model of only three dense
    // calls and an add, so it is not among these.)
    c.push_back(
        {"branch-sum", Shape{30, 3},
         stack(json::array(
             {layer("conv1d", {{"filters", 4}, {"kernel_size", 3}, {"padding", "same"}}),
              block("branch_sum", {{"branches", 3}},
                    json::array({layer("depthwise_conv1d", {{"kernel_size", 5},
                                                            {"padding", "same"},
                                                            {"dilation_rate", 2},
                                                            {"use_bias", false}}),
                                 layer("batch_norm")})),
              layer("activation", {{"activation", "elu"}}),
              block("branch_sum", {{"branches", 2}},
                    json::array(
                        {layer("conv1d", {{"filters", 6}, {"kernel_size", 1}, {"use_bias", false}}),
                         layer("batch_norm"),
                         block("branch_sum", {{"branches", 2}},
                               json::array({layer("max_pool1d", {{"pool_size", 2}}),
                                            layer("conv1d", {{"filters", 5},
                                                             {"kernel_size", 3},
                                                             {"padding", "same"},
                                                             {"activation", "tanh"}})}))})),
              block("branch_sum", {{"branches", 1}}, json::array({layer("layer_norm")})),
              layer("global_avg_pool1d"),
              layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    json tcn = zoo.get("tcn").example;
    for (json& b : tcn["blocks"]) b["activation"] = "swish";  // relu6 would zero every channel
    tcn["blocks"][0]["branch"] = 2;
    tcn["blocks"][2]["branch"] = 3;
    add("zoo-tcn-branch", "tcn", tcn, {Shape{128, 1}}, 4);
    return c;
}

}  // namespace byom::test
