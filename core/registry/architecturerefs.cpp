#include "core/registry/architecturerefs.h"

namespace byom {

namespace {

void inlineInto(const std::vector<LayerSpec>& in, std::vector<LayerSpec>& out) {
    for (const LayerSpec& s : in) {
        if (s.kind == "architecture") {
            inlineInto(s.layers, out);
            continue;
        }
        LayerSpec copy = s;
        copy.layers.clear();
        inlineInto(s.layers, copy.layers);
        out.push_back(std::move(copy));
    }
}

void collectPaths(const std::vector<LayerSpec>& layers, const std::string& name,
                  std::vector<int>& at, std::vector<std::vector<int>>& out) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        at.push_back(static_cast<int>(i));
        if (referencedArchitecture(layers[i]) == name) out.push_back(at);
        collectPaths(layers[i].layers, name, at, out);
        at.pop_back();
    }
}

}  // namespace

std::string referencedArchitecture(const LayerSpec& layer) {
    if (layer.kind != "architecture" || !layer.params.is_object()) return {};
    return layer.params.value("name", std::string());
}

void forEachArchitectureBlock(const std::vector<LayerSpec>& layers,
                              const std::function<void(const LayerSpec&)>& visit) {
    for (const LayerSpec& l : layers) {
        if (l.kind == "architecture") visit(l);
        forEachArchitectureBlock(l.layers, visit);
    }
}

void forEachArchitectureBlock(std::vector<LayerSpec>& layers,
                              const std::function<void(LayerSpec&)>& visit) {
    for (LayerSpec& l : layers) {
        if (l.kind == "architecture") visit(l);
        forEachArchitectureBlock(l.layers, visit);
    }
}

bool usesArchitecture(const std::vector<LayerSpec>& layers, const std::string& name) {
    bool used = false;
    forEachArchitectureBlock(layers, [&](const LayerSpec& l) {
        if (referencedArchitecture(l) == name) used = true;
    });
    return used;
}

void renameArchitecture(std::vector<LayerSpec>& layers, const std::string& from,
                        const std::string& to) {
    forEachArchitectureBlock(layers, [&](LayerSpec& l) {
        if (referencedArchitecture(l) == from) l.params["name"] = to;
    });
}

std::vector<std::vector<int>> architectureBlockPaths(const std::vector<LayerSpec>& layers,
                                                     const std::string& name) {
    std::vector<std::vector<int>> out;
    std::vector<int> at;
    collectPaths(layers, name, at, out);
    return out;
}

std::vector<LayerSpec> inlineArchitectureBlocks(const std::vector<LayerSpec>& layers) {
    std::vector<LayerSpec> out;
    inlineInto(layers, out);
    return out;
}

}  // namespace byom
