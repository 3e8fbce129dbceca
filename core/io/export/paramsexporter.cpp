#include "core/io/export/paramsexporter.h"

#include "core/io/fileio.h"

namespace byom {

namespace {

/// Replaces every "architecture" block by its (resolved) layers.
void inlineBlocks(const std::vector<LayerSpec>& in, std::vector<LayerSpec>& out) {
    for (const LayerSpec& s : in) {
        if (s.kind == "architecture") {
            inlineBlocks(s.layers, out);
            continue;
        }
        LayerSpec copy = s;
        copy.layers.clear();
        inlineBlocks(s.layers, copy.layers);
        out.push_back(std::move(copy));
    }
}

}  // namespace

json ParamsExporter::toJson(const ExportModel& model) {
    const json& arch = model.architecture();
    const bool named = arch.is_object() && arch.contains("name") && arch["name"].is_string();
    if (named && arch["name"] != "stack")
        return {{"name", arch["name"]}, {"params", arch.value("params", json::object())}};
    std::vector<LayerSpec> layers;
    inlineBlocks(model.specs(), layers);
    return {{"name", "stack"}, {"params", {{"layers", LayerSpec::listToJson(layers)}}}};
}

void ParamsExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toJson(model).dump(2) + "\n");
}

}  // namespace byom
