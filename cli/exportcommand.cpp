#include <filesystem>
#include <ostream>

#include "cli/commands.h"
#include "cli/modelsource.h"
#include "core/io/export/exporterregistry.h"
#include "core/io/export/referenceinputs.h"
#include "core/io/modelfile.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"

namespace byom {

namespace {

/// The reference inputs of a format's self-test: --data, else the first samples of the
/// validation split of the run that wrote the model (its manifest.json next to it), else none
/// (the format generates some).
void referenceInputs(const Args& args, const std::string& modelPath, ExportOptions& options) {
    if (const auto data = args.get("data")) return ReferenceInputs::fromData(options, *data);
    const std::string manifestPath =
        (std::filesystem::path(directoryOf(modelPath)) / "manifest.json").string();
    if (!std::filesystem::exists(manifestPath)) return;
    const RunManifest run = RunManifest::fromJson(readJsonFile(manifestPath), manifestPath);
    // byom train records the data spec as it was given: relative to where it ran, or to the
    // manifest when a run was replayed.
    try {
        ReferenceInputs::fromRun(options, run, directoryOf(manifestPath));
    } catch (const Error&) {
        try {
            ReferenceInputs::fromRun(options, run, ".");
        } catch (const Error& e) {
            throw Error(manifestPath + ": cannot load the run's data \"" + run.dataSpec +
                        "\" for the reference inputs (" + e.what() + "); give --data SPEC");
        }
    }
}

}  // namespace

int runExport(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv,
                    {"model", "project", "arch", "params", "format", "out", "input-shape",
                     "classes", "name", "data"},
                    {"no-normalization", "int8-io"});
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
        const bool tflite = format == "tflite" || format == "tflite-c";
        if (trained.quantized && format != "c" && !tflite)
            throw Error(path + ": is an int8 model, and --format " + format +
                        " would write the float model it was quantised from; export that "
                        "float model, or the int8 one with --format c, tflite or tflite-c");
        if (args.has("int8-io") && (!trained.quantized || !tflite))
            throw UsageError(
                "--int8-io: int8 input and output tensors are for --format tflite "
                "or tflite-c of an int8 model (byom quantize's file)");
        const ExportModel model = ExportModel::fromTrained(trained, !args.has("no-normalization"));
        ExportOptions options;
        options.name = args.get("name").value_or("");
        options.int8Io = args.has("int8-io");
        referenceInputs(args, path, options);
        exporter.writeWithOptions(model, out, options);
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
