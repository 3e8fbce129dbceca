#include "core/model/layernamer.h"

namespace byom {

std::string LayerNamer::baseName(const LayerSpec& spec) {
    if (spec.kind == "architecture" && spec.params.is_object()) {
        const auto it = spec.params.find("name");
        if (it != spec.params.end() && it->is_string()) return it->get<std::string>();
    }
    return spec.kind;
}

std::string LayerNamer::next(const LayerSpec& spec) {
    if (!spec.label.empty()) {
        m_used.insert(spec.label);
        return spec.label;
    }
    const std::string base = baseName(spec);
    std::string name;
    do {
        const int n = m_counts[base]++;
        name = n == 0 ? base : base + "_" + std::to_string(n);
    } while (m_used.count(name));  // a label took it
    m_used.insert(name);
    return name;
}

}  // namespace byom
