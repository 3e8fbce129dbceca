#include <filesystem>
#include <memory>
#include <ostream>
#include <set>

#include "cli/commands.h"
#include "core/data/dataspec.h"
#include "core/io/export/clowering.h"
#include "core/io/export/exportmodel.h"
#include "core/io/modelfile.h"
#include "core/quant/quantizer.h"
#include "core/quant/quantreport.h"
#include "core/train/manifest.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"

namespace byom {

namespace {

/// The rows to calibrate on and the rows to report on, with their names.
struct QuantData {
    Dataset calibration;
    std::string calibrationName;
    Dataset report;
    std::string reportName;
};

/// --data: calibrate on its first rows and report on all of them. Else the run that wrote
/// the model (manifest.json next to it): calibrate on its training split, report on its
/// validation split (the training split when it had none).
QuantData quantData(const Args& args, const std::string& modelPath) {
    QuantData d;
    if (const auto spec = args.get("data")) {
        d.calibration = loadDataset(DataSpec::parse(*spec));
        d.report = d.calibration;
        d.calibrationName = d.reportName = *spec;
        return d;
    }
    const std::string manifestPath =
        (std::filesystem::path(directoryOf(modelPath)) / "manifest.json").string();
    if (!std::filesystem::exists(manifestPath))
        throw UsageError("no manifest.json next to " + modelPath +
                         " to find the data it was trained on; give --data SPEC");
    const RunManifest run = RunManifest::fromJson(readJsonFile(manifestPath), manifestPath);
    Dataset data;
    try {
        data = loadDataset(DataSpec::parse(run.dataSpec), directoryOf(manifestPath));
    } catch (const Error&) {
        try {
            data = loadDataset(DataSpec::parse(run.dataSpec), ".");
        } catch (const Error& e) {
            throw Error(manifestPath + ": cannot load the run's data \"" + run.dataSpec + "\" (" +
                        e.what() + "); give --data SPEC");
        }
    }
    auto [train, val] = splitDataset(data, run.config.valSplit, run.config.seed);
    d.calibrationName = "the run's training split of " + run.dataSpec;
    d.calibration = std::move(train);
    if (val.size()) {
        d.report = std::move(val);
        d.reportName = "the run's validation split of " + run.dataSpec;
    } else {
        d.report = d.calibration;
        d.reportName = d.calibrationName + " (the run had no validation split)";
    }
    return d;
}

std::set<std::string> keepFloat(const Args& args) {
    std::set<std::string> names;
    if (const auto list = args.get("keep-float"))
        for (std::string n : split(*list, ',')) {
            n.erase(0, n.find_first_not_of(' '));
            n.erase(n.find_last_not_of(' ') + 1);
            if (!n.empty()) names.insert(n);
        }
    return names;
}

}  // namespace

int runQuantize(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"model", "data", "samples", "keep-float", "out"}, {"json"});
    const std::string modelPath = args.require("model");
    const std::string outPath = args.require("out");
    const int samples = args.intValue("samples", 256, 1, 1000000);
    TrainedModel m = loadModelFile(modelPath);
    if (m.quantized)
        throw Error(modelPath +
                    ": is an int8 model already; quantise the float model it was "
                    "made from");
    const QuantData data = quantData(args, modelPath);
    const Index n = std::min<Index>(samples, data.calibration.size());
    const ExportModel model = ExportModel::fromTrained(m);
    const CGraph graph = CLowering::lower(model);
    const std::set<std::string> keep = keepFloat(args);
    QGraph q = Quantizer::quantize(graph, data.calibration.x.leftCols(n), keep);
    const QuantReport report =
        QuantReport::compute(m, graph, q, data.report, data.reportName, modelPath);
    m.quantization = {{"scheme", "int8"},
                      {"calibration", {{"data", data.calibrationName}, {"samples", n}}},
                      {"keep_float", std::vector<std::string>(keep.begin(), keep.end())},
                      {"report", report.toJson()}};
    m.quantized = std::make_shared<QGraph>(std::move(q));
    saveModelFile(outPath, m);
    if (args.has("json")) {
        ctx.out << dumpJson(m.quantization, 2) << "\n";
        return 0;
    }
    ctx.out << "calibrated on " << n << " rows of " << data.calibrationName << "\n"
            << report.toText() << "wrote the int8 model to " << outPath << "\n";
    return 0;
}

}  // namespace byom
