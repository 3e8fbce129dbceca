#include <algorithm>
#include <set>

#include "core/layers/initializer.h"
#include "core/registry/zoo/heartkit.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/error.h"

namespace byom {

namespace {

/// The layer names helia's composer_layer dispatches on, and why each but "dense" is refused.
struct ComposerKind {
    const char* name;
    const char* refusal;  // null: built
};

const std::vector<ComposerKind>& composerKinds() {
    static const std::vector<ComposerKind> kinds = {
        {"dense", nullptr},
        {"load_model",
         "load_model loads a Keras model file (params.model_file: a .keras, .tf or .h5 file, "
         "local or from https, s3 or wandb) and applies it: BYOM cannot load Keras model "
         "files."},
        {"conv2d",
         "HeartKit calls conv2d(y, **params), but conv2d is a layer factory whose first "
         "argument is filters: the input tensor becomes the filter count and Keras's Conv2D "
         "fails with a TypeError (and the factory's layer is never applied)."},
        {"relu6",
         "HeartKit calls relu6(y), but relu6 is a layer factory whose first argument is the "
         "layer's name: the input tensor is used as a name (name + \"_act\") and the build "
         "fails with a TypeError."},
        {"batch_norm",
         "HeartKit calls batch_normalization(y), but it is a layer factory whose first "
         "argument is the layer's name: the input tensor is used as a name (name + \"_bn\") "
         "and the build fails with a TypeError."},
        {"se_block",
         "HeartKit calls se_layer(y, **params), but se_layer is a layer factory whose first "
         "argument is the ratio: it returns the layer function instead of a tensor, so the "
         "next layer, the top or keras.Model fails on it."},
    };
    return kinds;
}

std::vector<std::string> composerKindNames() {
    std::vector<std::string> names;
    for (const ComposerKind& k : composerKinds()) names.push_back(k.name);
    return names;
}

/// keras.layers.Dense's arguments that BYOM builds as Keras does.
const Schema& denseArguments() {
    static const Schema s = [] {
        Schema schema{
            heartkit::requiredCount("units",
                                    "Outputs of the Dense (on a (T, C) input: per time "
                                    "step, on the last axis, as Keras does)."),
            heartkit::optionalActivation("activation", "Activation of the Dense (null: linear)."),
            boolParam("use_bias", true, "Add a learned bias to each output."),
            enumParam("kernel_initializer", "glorot_uniform", initializerNames(),
                      "How the weights are initialised."),
            makeParam("name", ParamType::String, "", "The layer's name (its label here)."),
        };
        return schema;
    }();
    return s;
}

/// Dense arguments Keras accepts but BYOM cannot honour: the value that is honoured (a JSON
/// null is always accepted as Keras's default where the default is null) and why any other
/// is refused.
struct RefusedArgument {
    const char* key;
    json honoured;
    const char* reason;
};

const std::vector<RefusedArgument>& refusedDenseArguments() {
    static const std::vector<RefusedArgument> args = {
        {"bias_initializer", "zeros", "BYOM initialises a dense bias to zeros only"},
        {"kernel_regularizer", nullptr, "BYOM has no weight regularisers"},
        {"bias_regularizer", nullptr, "BYOM has no weight regularisers"},
        {"activity_regularizer", nullptr, "BYOM has no activity regularisers"},
        {"kernel_constraint", nullptr, "BYOM has no weight constraints"},
        {"bias_constraint", nullptr, "BYOM has no weight constraints"},
        {"lora_rank", nullptr, "BYOM has no LoRA adapters"},
        {"lora_alpha", nullptr, "BYOM has no LoRA adapters"},
        {"dtype", "float32", "BYOM's float models compute in float32"},
        {"trainable", true,
         "BYOM trains every weight of a model (a frozen Dense would also move its weights to "
         "Keras's non-trainable count)"},
    };
    return args;
}

/// Validates one "dense" layer's kwargs; returns the accepted ones with their defaults.
json denseKwargs(const json& params, const std::string& path) {
    json kept = json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
        const auto refused =
            std::find_if(refusedDenseArguments().begin(), refusedDenseArguments().end(),
                         [&](const RefusedArgument& r) { return it.key() == r.key; });
        if (refused == refusedDenseArguments().end()) {
            kept[it.key()] = it.value();
        } else if (!it.value().is_null() && it.value() != refused->honoured) {
            throw Error(joinPath(path, it.key()) + ": " + it.value().dump() +
                        " is refused: " + refused->reason +
                        (refused->honoured.is_null()
                             ? std::string("; leave it out or null")
                             : "; leave it out or give " + refused->honoured.dump()));
        }
    }
    std::vector<Problem> problems;
    denseArguments().validate(kept, path, "keras.layers.Dense", problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return denseArguments().withDefaults(kept);
}

/// keras.layers.Dense on `shape`: a dense layer on (features); on (T, C) Keras applies the
/// kernel to the last axis at every time step, which is a 1x1 conv1d with the same weights.
LayerSpec dense(long long units, const std::string& activation, bool bias,
                const std::string& initializer, const Shape& shape) {
    if (shape.rank() == 1)
        return LayerSpec::of("dense", {{"units", units},
                                       {"activation", activation},
                                       {"use_bias", bias},
                                       {"kernel_initializer", initializer}});
    return LayerSpec::of("conv1d", {{"filters", units},
                                    {"kernel_size", 1},
                                    {"activation", activation},
                                    {"use_bias", bias},
                                    {"kernel_initializer", initializer}});
}

Shape withLastAxis(Shape shape, long long n) {
    shape.dims.back() = n;
    return shape;
}

}  // namespace

// HeartKit's Composer (helia_edge/models/composer.py, composer_layer) on HeartKit's input as
// it is given (no reshape):
//   per entry of `layers`, by name: "dense": keras.layers.Dense(**params) (on a (T, C) input
//   per time step on the channels); every other name is refused (see composerKinds)
//   [include_top: Dense(num_classes) (linear) if num_classes is given, then
//    Activation(output_activation) if set]
Architecture composerArchitecture() {
    Architecture a;
    a.name = "composer";
    a.doc =
        "HeartKit's Composer (ComposerParams): a sequence of named layers ({name, params}); "
        "only \"dense\" (keras.layers.Dense(**params)) builds, then Dense(num_classes) and the "
        "output activation.";
    ParamSpec kind = enumParam("name", "dense", composerKindNames(),
                               "Layer kind: dense builds; load_model, conv2d, relu6, batch_norm "
                               "and se_block are refused (see below).");
    kind.defaultValue = nullptr;  // required
    const auto layer = std::make_shared<Schema>(Schema{
        kind,
        objectParam("params", nullptr,
                    "The layer's arguments: for dense, keras.layers.Dense's (units, "
                    "activation, use_bias, kernel_initializer, name)."),
    });
    a.schema = Schema{
        listParam("layers", objectParam("layer", layer, "One ComposerLayerParams."), json::array(),
                  0, 1000, "The layers, in order."),
        boolParam("include_top", true,
                  "Dense(num_classes) when num_classes is given (no Softmax), then the output "
                  "activation."),
        heartkit::optionalActivation("output_activation",
                                     "Activation after the top Dense (null: none)."),
        ignoredParam(makeParam("name", ParamType::String, "Composer", "Model name (read nowhere)."),
                     "HeartKit's ComposerParams.name is read nowhere (keras.Model is built "
                     "without a name); it has no effect"),
    };
    for (const ComposerKind& k : composerKinds())
        if (k.refusal) a.refusals.push_back(std::string("layer \"") + k.name + "\": " + k.refusal);
    for (const RefusedArgument& r : refusedDenseArguments())
        a.refusals.push_back(std::string("dense ") + r.key + " other than " +
                             (r.honoured.is_null() ? std::string("null") : r.honoured.dump()) +
                             ": " + r.reason + ".");
    a.refusals.push_back("no layers and no top: an empty model.");
    a.example = {{"layers",
                  {{{"name", "dense"}, {"params", {{"units", 32}, {"activation", "relu6"}}}},
                   {{"name", "dense"}, {"params", {{"units", 16}, {"activation", "relu6"}}}}}},
                 {"include_top", true},
                 {"output_activation", "softmax"}};
    a.expand = [](const Shape& input, const json& p, std::optional<int> numClasses, HeadKind) {
        if (input.rank() != 1 && input.rank() != 2)
            throw Error("composer needs a (features) or (length, channels) input, got " +
                        input.toString());
        std::vector<LayerSpec> out;
        std::set<std::string> names;
        Shape shape = input;
        const json& layers = p.at("layers");
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string path = "params.layers[" + std::to_string(i) + "]";
            const std::string name = layers[i].at("name").get<std::string>();
            for (const ComposerKind& k : composerKinds())
                if (k.refusal && name == k.name)
                    throw Error(path + ".name: \"" + name + "\" is refused: " + k.refusal);
            const json d = denseKwargs(layers[i].at("params"), path + ".params");
            const json& act = d.at("activation");
            LayerSpec l = dense(
                d.at("units").get<long long>(), act.is_null() ? "linear" : act.get<std::string>(),
                d.at("use_bias").get<bool>(), d.at("kernel_initializer").get<std::string>(), shape);
            l.label = d.at("name").get<std::string>();
            if (!l.label.empty() && !names.insert(l.label).second)
                throw Error(path + ".params.name: \"" + l.label +
                            "\" is used twice; Keras requires unique layer names");
            out.push_back(std::move(l));
            shape = withLastAxis(shape, d.at("units").get<long long>());
        }
        if (p.at("include_top").get<bool>()) {
            if (numClasses)
                out.push_back(dense(*numClasses, "linear", true, "glorot_uniform", shape));
            if (!p.at("output_activation").is_null())
                out.push_back(heartkit::activation(p.at("output_activation").get<std::string>()));
        }
        if (out.empty())
            throw Error(
                "composer: no layers and no top (include_top false, or no num_classes and no "
                "output_activation): an empty model");
        return out;
    };
    return a;
}

}  // namespace byom
