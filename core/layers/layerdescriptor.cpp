#include "core/layers/layerdescriptor.h"

namespace byom {

json LayerDescriptor::toJson() const {
    return {{"name", kind},          {"display_name", displayName}, {"category", category},
            {"doc", doc},            {"block", isBlock},            {"params", schema.toJson()},
            {"example", schema.example()}};
}

}  // namespace byom
