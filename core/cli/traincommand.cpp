#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <ostream>

#include "core/cli/commands.h"
#include "core/cli/modelsource.h"
#include "core/cli/progressprinter.h"
#include "core/data/dataspec.h"
#include "core/io/fileio.h"
#include "core/io/modelfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/evaluation.h"
#include "core/train/manifest.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

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
    c.epochs = args.intValue("epochs", c.epochs, 1, 100000);
    c.batchSize = args.intValue("batch-size", c.batchSize, 1, 65536);
    c.learningRate = args.doubleValue("lr", c.learningRate, 1e-9, 10.0);
    c.optimizer = args.get("optimizer").value_or(c.optimizer);
    c.loss = args.get("loss").value_or(c.loss);
    c.seed = static_cast<std::uint64_t>(args.doubleValue("seed", double(c.seed), 0, 4294967295.0));
    c.valSplit = args.doubleValue("val-split", c.valSplit, 0.0, 0.9);
    return c;
}

}  // namespace

int runTrain(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv,
                    {"project", "arch", "params", "manifest", "data", "out", "epochs", "batch-size",
                     "optimizer", "lr", "loss", "seed", "val-split"},
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
        src.architecture = previous->architecture;
        src.numClasses = previous->numClasses;
        config = configFromArgs(args, previous->config);
        dataText = args.get("data").value_or(previous->dataSpec);
        baseDir = directoryOf(*manifestPath);
    } else {
        src = ModelSource::fromArgs(args);
        config = configFromArgs(args, src.project ? src.project->training : TrainConfig{});
        dataText = args.get("data").value_or(src.project ? src.project->data : "");
        if (src.project) baseDir = directoryOf(src.projectPath);
    }
    if (dataText.empty()) throw UsageError("missing --data SPEC (e.g. synthetic:spirals)");
    const Dataset data = loadDataset(DataSpec::parse(dataText), baseDir);
    if (data.task == Task::Regression && !args.has("loss") &&
        config.loss == "categorical_crossentropy")
        config.loss = "mse";

    RunManifest manifest;
    manifest.byomVersion = BYOM_VERSION;
    manifest.dataSpec = dataText;
    manifest.dataHash = datasetHash(data);
    if (previous && !previous->dataHash.empty() && previous->dataHash != manifest.dataHash)
        ctx.err << "warning: the data differs from the recorded run's (hash " << manifest.dataHash
                << ", recorded " << previous->dataHash << "); results will differ\n";

    std::optional<int> numClasses;
    if (data.task == Task::Classification) numClasses = static_cast<int>(data.numClasses());
    if (src.numClasses && numClasses && *src.numClasses != *numClasses)
        throw Error("the architecture's head has " + std::to_string(*src.numClasses) +
                    " classes but the data has " + std::to_string(*numClasses));
    if (src.inputShape && src.inputShape->size() != data.inputShape.size())
        throw Error("the architecture takes input " + src.inputShape->toString() +
                    " but the data's samples are " + data.inputShape.toString());

    const ModelFactory factory = src.factory();
    TrainedModel trained;
    trained.architecture = src.architecture;
    trained.numClasses = numClasses;
    trained.task = data.task;
    trained.classNames = data.classNames;
    trained.model = factory.build(src.architecture.at("name").get<std::string>(), data.inputShape,
                                  src.architecture.at("params"), numClasses);
    trained.model->init(config.seed);
    manifest.architecture = trained.architecture;
    manifest.architectureHash = jsonHash(trained.architecture);
    manifest.numClasses = numClasses;
    manifest.config = config;
    manifest.startedAt = isoTimestampUtc();

    auto [trainSet, valSet] = splitDataset(data, config.valSplit, config.seed);
    Trainer trainer(*trained.model, config);
    ProgressPrinter printer(ctx.err, ctx.errIsTerminal);
    TrainControl control;
    TrainResult result;
    const auto t0 = std::chrono::steady_clock::now();
    {
        InterruptGuard guard(control);
        result = trainer.fit(trainSet, valSet.size() ? &valSet : nullptr,
                             args.has("quiet") ? nullptr : &printer, &control);
    }
    manifest.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (result.reason == StopReason::Diverged) throw Error(result.message);
    if (result.reason == StopReason::Stopped) ctx.err << "interrupted: " << result.message << "\n";
    if (result.reason == StopReason::EarlyStopped) ctx.err << result.message << "\n";
    manifest.outcome = result.reason == StopReason::Completed ? "completed"
                       : result.reason == StopReason::Stopped ? "stopped"
                                                              : "early_stopped";
    manifest.message = result.message;
    manifest.bestEpoch = result.bestEpoch;
    manifest.history = result.history;

    // Final metrics of the weights being saved, on the validation split (or training data).
    const Dataset& evalSet = valSet.size() ? valSet : trainSet;
    trained.metrics = evaluateModel(*trained.model, evalSet, config.loss);
    trained.metrics["split"] = valSet.size() ? "validation" : "train";
    manifest.metrics = trained.metrics;

    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir + ": cannot create the output directory: " + ec.message());
    const auto file = [&](const char* name) {
        return (std::filesystem::path(outDir) / name).string();
    };
    saveModelFile(file("model.json"), trained);
    writeFileAtomic(file("params.json"), trained.architecture.dump(2) + "\n");
    writeFileAtomic(file("history.csv"), result.history.toCsv());
    writeFileAtomic(file("manifest.json"), manifest.toJson().dump(2) + "\n");
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
