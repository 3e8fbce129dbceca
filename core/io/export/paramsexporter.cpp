#include "core/io/export/paramsexporter.h"

#include "core/registry/architecturejson.h"
#include "core/registry/architecturerefs.h"
#include "core/registry/modelfactory.h"
#include "core/util/fileio.h"

namespace byom {

json ParamsExporter::toJson(const ExportModel& model) {
    const json& arch = model.architecture();
    const bool named = arch.is_object() && arch.contains("name") && arch["name"].is_string();
    const std::string name = named ? arch["name"].get<std::string>() : "stack";
    if (name != "stack" && ModelFactory::withBuiltins().has(name))
        return {{"name", name}, {"params", arch.value("params", json::object())}};
    // A stack, or a user architecture: its params are its layers, written out in full (blocks
    // of other architectures inlined) so that the file stands on its own; a user
    // architecture keeps its name (ModelFactory::adoptDefinition reads it back).
    return architectureJson(inlineArchitectureBlocks(model.specs()), name);
}

void ParamsExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toJson(model).dump(2) + "\n");
}

}  // namespace byom
