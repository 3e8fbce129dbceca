#include <ostream>

#include "cli/commands.h"
#include "cli/modelsource.h"
#include "core/io/export/exporterregistry.h"
#include "core/io/modelfile.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

int runExport(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(
        argv, {"model", "project", "arch", "params", "format", "out", "input-shape", "classes"},
        {"no-normalization"});
    const std::string format = args.require("format");
    const std::string out = args.require("out");
    const Exporter& exporter = ExporterRegistry::instance().get(format);
    const bool fromModel = args.has("model");
    if (fromModel && (args.has("project") || args.has("params") || args.has("arch")))
        throw UsageError("give either --model M.json or --project P [--arch NAME], not both");
    if (!fromModel && !args.has("project") && !args.has("params"))
        throw UsageError("give --model M.json (a trained model) or --project P [--arch NAME]");
    if (fromModel) {
        const std::string path = *args.get("model");
        const TrainedModel trained = loadModelFile(path);
        const ExportModel model = ExportModel::fromTrained(trained, !args.has("no-normalization"));
        exporter.write(model, out);
    } else {
        if (exporter.needsWeights())
            throw UsageError("--format " + format +
                             " carries weights: give a trained model with --model M.json "
                             "(without weights, use params, keras-json or pytorch)");
        const ModelSource src = ModelSource::fromArgs(args);
        const std::vector<LayerSpec> specs = src.expand();
        const ExportModel model =
            ExportModel::fromArchitecture(specs, *src.inputShape, src.architecture, src.numClasses);
        exporter.write(model, out);
    }
    ctx.err << "wrote " << out << " (" << format << ")\n";
    return 0;
}

}  // namespace byom
