#pragma once

#include <string>
#include <vector>

#include "core/layers/layerdescriptor.h"

namespace byom {

/// The registry of layer kinds (kind -> descriptor), in palette order.
class LayerCatalog {
public:
    static const LayerCatalog& instance();

    const LayerDescriptor* find(const std::string& kind) const;
    /// Like find, but throws an Error naming the nearest known kind.
    const LayerDescriptor& get(const std::string& kind) const;
    const std::vector<LayerDescriptor>& all() const { return m_layers; }
    std::vector<std::string> kinds() const;
    std::vector<std::string> categories() const;

    json toJson() const;

private:
    LayerCatalog();
    std::vector<LayerDescriptor> m_layers;
};

}  // namespace byom
