#include "core/registry/architecture.h"

namespace byom {

json Architecture::toJson() const {
    return {{"name", name},
            {"doc", doc},
            {"builtin", builtin},
            {"params", schema.toJson()},
            {"example", example},
            {"refusals", refusals},
            {"unbuildable", unbuildable}};
}

}  // namespace byom
