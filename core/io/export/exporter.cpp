#include "core/io/export/exporter.h"

#include "core/layers/layercatalog.h"

namespace byom {

KindSupport Exporter::supports(const std::string& kind) const {
    if (LayerCatalog::instance().find(kind)) return {KindSupport::Status::Emit, {}};
    return {KindSupport::Status::Missing, {}};
}

}  // namespace byom
