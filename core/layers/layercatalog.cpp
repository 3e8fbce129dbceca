#include "core/layers/layercatalog.h"

#include <algorithm>

#include "core/layers/activationlayer.h"
#include "core/layers/dense.h"
#include "core/layers/dropout.h"
#include "core/layers/flatten.h"
#include "core/layers/sequential.h"
#include "core/util/strings.h"

namespace byom {

LayerCatalog::LayerCatalog() {
    // Palette order: the order users reach for layers in.
    m_layers = {
        Dense<float>::describe(),
        ActivationLayer<float>::describe(),
        Dropout<float>::describe(),
        Flatten<float>::describe(),
        Sequential<float>::describeArchitectureBlock(),
    };
}

const LayerCatalog& LayerCatalog::instance() {
    static const LayerCatalog catalog;
    return catalog;
}

const LayerDescriptor* LayerCatalog::find(const std::string& kind) const {
    for (const LayerDescriptor& d : m_layers)
        if (d.kind == kind) return &d;
    return nullptr;
}

const LayerDescriptor& LayerCatalog::get(const std::string& kind) const {
    if (const LayerDescriptor* d = find(kind)) return *d;
    std::string msg = "unknown layer kind \"" + kind + "\"";
    const std::string near = nearest(kind, kinds());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg);
}

std::vector<std::string> LayerCatalog::kinds() const {
    std::vector<std::string> k;
    for (const LayerDescriptor& d : m_layers) k.push_back(d.kind);
    return k;
}

std::vector<std::string> LayerCatalog::categories() const {
    std::vector<std::string> c;
    for (const LayerDescriptor& d : m_layers)
        if (std::find(c.begin(), c.end(), d.category) == c.end()) c.push_back(d.category);
    return c;
}

json LayerCatalog::toJson() const {
    json arr = json::array();
    for (const LayerDescriptor& d : m_layers) arr.push_back(d.toJson());
    return arr;
}

}  // namespace byom
