#include <ostream>

#include "cli/commands.h"
#include "core/layers/layercatalog.h"

namespace byom {

int runLayers(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {}, {"json"});
    const LayerCatalog& catalog = LayerCatalog::instance();
    if (args.has("json")) {
        ctx.out << catalog.toJson().dump(2) << "\n";
        return 0;
    }
    for (const std::string& category : catalog.categories()) {
        ctx.out << category << "\n";
        for (const LayerDescriptor& d : catalog.all()) {
            if (d.category != category) continue;
            ctx.out << "  " << d.kind << "  " << d.doc << "\n";
            for (const ParamSpec& p : d.schema.params()) {
                ctx.out << "      " << p.name << " (" << toString(p.type);
                if (!p.defaultValue.is_null()) ctx.out << ", default " << p.defaultValue.dump();
                if (p.min && p.type != ParamType::List) ctx.out << ", min " << *p.min;
                if (p.max && p.type != ParamType::List) ctx.out << ", max " << *p.max;
                ctx.out << "): " << p.doc << "\n";
            }
        }
    }
    return 0;
}

}  // namespace byom
