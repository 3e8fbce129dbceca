#include "core/registry/architecturejson.h"

namespace byom {

json architectureJson(const std::vector<LayerSpec>& layers, const std::string& name) {
    return {{"name", name}, {"params", {{"layers", LayerSpec::listToJson(layers)}}}};
}

json architectureJson(const StackEntry& stack) {
    return architectureJson(stack.layers);
}

}  // namespace byom
