#include <filesystem>
#include <memory>
#include <ostream>
#include <set>

#include "cli/commands.h"
#include "core/data/dataspec.h"
#include "core/io/modelfile.h"
#include "core/deploy/runquantizer.h"
#include "core/train/manifest.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"

namespace byom {

namespace {

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
    const std::set<std::string> keep = keepFloat(args);
    RunQuantizer::Result r;
    if (const auto spec = args.get("data")) {
        r = RunQuantizer::fromData(m, loadDataset(DataSpec::parse(*spec)), *spec, keep, samples);
    } else {
        const std::string manifestPath =
            (std::filesystem::path(directoryOf(modelPath)) / "manifest.json").string();
        if (!std::filesystem::exists(manifestPath))
            throw UsageError("no manifest.json next to " + modelPath +
                             " to find the data it was trained on; give --data SPEC");
        const RunManifest run = RunManifest::fromJson(readJsonFile(manifestPath), manifestPath);
        r = RunQuantizer::fromRun(m, run, directoryOf(manifestPath), keep, samples);
    }
    m.quantization = r.record(keep);
    m.quantized = std::make_shared<QGraph>(std::move(r.graph));
    saveModelFile(outPath, m);
    if (args.has("json")) {
        ctx.out << dumpJson(m.quantization, 2) << "\n";
        return 0;
    }
    ctx.out << "calibrated on " << r.samples << " rows of " << r.calibration << "\n"
            << r.report.toText() << "wrote the int8 model to " << outPath << "\n";
    return 0;
}

}  // namespace byom
