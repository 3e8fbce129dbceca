#include "core/layers/layerspec.h"

#include "core/layers/layercatalog.h"
#include "core/util/strings.h"

namespace byom {

LayerSpec LayerSpec::of(const std::string& kind, const json& params) {
    std::vector<Problem> problems;
    LayerSpec spec = fromJson({{"name", kind}, {"params", params}}, "", problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return spec;
}

json LayerSpec::toJson() const {
    json j = {{"name", kind}, {"params", params}};
    if (!label.empty()) j["label"] = label;
    if (!layers.empty()) j["layers"] = listToJson(layers);
    return j;
}

json LayerSpec::listToJson(const std::vector<LayerSpec>& specs) {
    json arr = json::array();
    for (const LayerSpec& s : specs) arr.push_back(s.toJson());
    return arr;
}

LayerSpec LayerSpec::fromJson(const json& j, const std::string& path, std::vector<Problem>& out,
                              int depth) {
    LayerSpec spec;
    if (!j.is_object()) {
        out.push_back({path, "must be an object like {\"name\": \"dense\", \"params\": {...}}"});
        return spec;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const std::vector<std::string> keys = {"name", "params", "layers", "label"};
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
            std::string msg = "\"" + it.key() + "\" is not a key of a layer (use name, params, "
                              "layers, label)";
            const std::string near = nearest(it.key(), keys);
            if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
            out.push_back({joinPath(path, it.key()), msg});
        }
    }
    const auto name = j.find("name");
    if (name == j.end() || !name->is_string()) {
        out.push_back({joinPath(path, "name"), "is required: the layer kind, e.g. \"dense\""});
        return spec;
    }
    spec.kind = name->get<std::string>();
    const LayerDescriptor* d = LayerCatalog::instance().find(spec.kind);
    if (!d) {
        std::string msg = "unknown layer kind \"" + spec.kind + "\"";
        const std::string near = nearest(spec.kind, LayerCatalog::instance().kinds());
        if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
        out.push_back({joinPath(path, "name"), msg + " (`byom layers` lists them)"});
        return spec;
    }
    if (const auto label = j.find("label"); label != j.end()) {
        if (!label->is_string() || label->get_ref<const std::string&>().size() > 256)
            out.push_back({joinPath(path, "label"), "must be a string of at most 256 characters"});
        else spec.label = label->get<std::string>();
    }
    const auto params = j.find("params");
    const json given = params == j.end() ? json::object() : *params;
    const std::size_t before = out.size();
    d->schema.validate(given, joinPath(path, "params"), spec.kind, out);
    if (out.size() == before) spec.params = d->schema.withDefaults(given);
    const auto inner = j.find("layers");
    if (inner != j.end()) {
        if (!d->isBlock) {
            out.push_back({joinPath(path, "layers"), spec.kind + " is not a block and holds no layers"});
        } else if (depth + 1 > kMaxBlockDepth) {
            out.push_back({joinPath(path, "layers"),
                           "blocks nest deeper than " + std::to_string(kMaxBlockDepth) + " levels"});
        } else {
            listFromJson(*inner, joinPath(path, "layers"), spec.layers, out, depth + 1);
        }
    }
    return spec;
}

void LayerSpec::listFromJson(const json& j, const std::string& path, std::vector<LayerSpec>& specs,
                             std::vector<Problem>& out, int depth) {
    if (!j.is_array()) {
        out.push_back({path, "must be a list of layers"});
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i)
        specs.push_back(fromJson(j[i], path + "[" + std::to_string(i) + "]", out, depth));
}

std::vector<LayerSpec> LayerSpec::listFromJson(const json& j, const std::string& path) {
    std::vector<LayerSpec> specs;
    std::vector<Problem> problems;
    listFromJson(j, path, specs, problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return specs;
}

}  // namespace byom
