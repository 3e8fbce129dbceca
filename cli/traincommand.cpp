#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <ostream>

#include "cli/commands.h"
#include "cli/modelsource.h"
#include "cli/progressprinter.h"
#include "core/data/dataspec.h"
#include "core/io/modelfile.h"
#include "core/project/trainingrequests.h"
#include "core/registry/modelfactory.h"
#include "core/train/evaluation.h"
#include "core/train/manifest.h"
#include "core/train/trainer.h"
#include "core/train/trainingjob.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

TrainControl* g_control = nullptr;

extern "C" void onInterrupt(int) {
    if (g_control) g_control->stop.store(true);
}

/// Installs a Ctrl-C handler that asks the trainer to stop after the current batch.
class InterruptGuard {
public:
    explicit InterruptGuard(TrainControl& control) {
        g_control = &control;
        struct sigaction sa {};
        sa.sa_handler = onInterrupt;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &m_old);
    }
    ~InterruptGuard() {
        sigaction(SIGINT, &m_old, nullptr);
        g_control = nullptr;
    }

private:
    struct sigaction m_old {};
};

TrainConfig configFromArgs(const Args& args, TrainConfig c) {
    // --config FILE: training options as in a project's "training" object, over `c`.
    if (const auto path = args.get("config")) {
        const json file = readJsonFile(*path);
        if (!file.is_object())
            throw Error(*path +
                        ": a training config must be a JSON object, e.g. "
                        "{\"epochs\": 50, \"early_stopping\": {\"enabled\": true}}");
        json merged = c.toJson();
        merged.merge_patch(file);
        try {
            c = TrainConfig::fromJson(merged, "");
        } catch (const Error&) {
            rethrowNamingFile(*path);
        }
    }
    c.epochs = args.intValue("epochs", c.epochs, 1, 100000);
    c.batchSize = args.intValue("batch-size", c.batchSize, 1, 65536);
    c.learningRate = args.doubleValue("lr", c.learningRate, 1e-9, 10.0);
    c.optimizer = args.get("optimizer").value_or(c.optimizer);
    c.loss = args.get("loss").value_or(c.loss);
    c.seed = static_cast<std::uint64_t>(args.doubleValue("seed", double(c.seed), 0, 4294967295.0));
    c.valSplit = args.doubleValue("val-split", c.valSplit, 0.0, 0.9);
    c.l2 = args.doubleValue("l2", c.l2, 0.0, 1.0);
    return c;
}

}  // namespace

int runTrain(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv,
                    {"project", "arch", "params", "manifest", "data", "out", "epochs", "batch-size",
                     "optimizer", "lr", "loss", "seed", "val-split", "l2", "config"},
                    {"quiet"});
    const std::string outDir = args.require("out");
    configFromArgs(args, TrainConfig{});  // usage errors before any file is read

    // What to train, on what, how: from a project, a params file, or a previous run's manifest.
    ModelSource src;
    TrainConfig config;
    std::string dataText;
    std::string baseDir = ".";
    std::optional<RunManifest> previous;
    if (const auto manifestPath = args.get("manifest")) {
        if (args.has("project") || args.has("params"))
            throw UsageError("--manifest replays a run: give no --project or --params with it");
        previous = RunManifest::fromJson(readJsonFile(*manifestPath), *manifestPath);
        src = ModelSource::fromRun(*previous, *manifestPath);
        config = configFromArgs(args, previous->config);
        dataText = args.get("data").value_or(previous->dataSpec);
        baseDir = directoryOf(*manifestPath);
    } else {
        src = ModelSource::fromArgs(args);
        src.printWarnings(ctx.err);
        config = configFromArgs(args, src.project ? src.project->training : TrainConfig{});
        dataText = args.get("data").value_or(src.project ? src.project->data : "");
        if (src.project) baseDir = directoryOf(src.projectPath);
    }
    if (dataText.empty()) throw UsageError("missing --data SPEC (e.g. synthetic:spirals)");

    TrainingRequest request;
    if (src.exact) {
        // A project's stack: trained as the app trains it.
        try {
            request = stackTrainingRequest(*src.project, args.get("arch").value_or(""), baseDir);
        } catch (const Error&) {
            rethrowNamingFile(src.projectPath);
        }
    } else {
        request.architecture = src.architecture;
        request.numClasses = src.numClasses;
        request.inputShape = src.inputShape;
        request.factory = src.factory();
        request.baseDir = baseDir;
    }
    request.config = config;
    request.lossGiven = args.has("loss");
    request.dataSpec = dataText;
    TrainingJob job(std::move(request));
    try {
        job.prepare();
    } catch (const Error&) {
        // Past loading the data, the architecture may not build on its samples: building it
        // here names the file it came from if so; any other error is rethrown as it is.
        // A project's stack is trained as it is: its own error says what does not fit.
        if (const Dataset& data = job.data(); data.size() && !src.exact) {
            ModelSource onData = src;
            onData.inputShape = data.inputShape;
            if (data.task == Task::Classification) onData.numClasses = int(data.numClasses());
            onData.build();
        }
        throw;
    }
    if (previous && !previous->dataHash.empty() && previous->dataHash != job.manifest().dataHash)
        ctx.err << "warning: the data differs from the recorded run's (hash "
                << job.manifest().dataHash << ", recorded " << previous->dataHash
                << "); results will differ\n";

    ProgressPrinter printer(ctx.err, ctx.errIsTerminal);
    TrainControl control;
    TrainResult result;
    {
        InterruptGuard guard(control);
        result = job.run(args.has("quiet") ? nullptr : &printer, &control);
    }
    if (result.reason == StopReason::Diverged) throw Error(result.message);
    if (result.reason == StopReason::Stopped) ctx.err << "interrupted: " << result.message << "\n";
    if (result.reason == StopReason::EarlyStopped) ctx.err << result.message << "\n";
    const TrainedModel& trained = job.trained();

    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir + ": cannot create the output directory: " + ec.message());
    const auto file = [&](const char* name) {
        return (std::filesystem::path(outDir) / name).string();
    };
    saveModelFile(file("model.json"), trained);
    writeFileAtomic(file("params.json"), trained.architecture.dump(2) + "\n");
    writeFileAtomic(file("history.csv"), result.history.toCsv());
    writeFileAtomic(file("manifest.json"), job.manifest().toJson().dump(2) + "\n");
    ctx.out << "wrote " << file("model.json") << ", params.json, history.csv and manifest.json";
    if (trained.metrics.contains("accuracy"))
        ctx.out << " (" << trained.metrics["split"].get<std::string>() << " accuracy "
                << trained.metrics["accuracy"].get<double>() << ")";
    else if (trained.metrics.contains("r2"))
        ctx.out << " (" << trained.metrics["split"].get<std::string>() << " R^2 "
                << trained.metrics["r2"].get<double>() << ")";
    ctx.out << "\n";
    return 0;
}

}  // namespace byom
