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
                    {"project", "arch", "params", "data", "out", "epochs", "batch-size",
                     "optimizer", "lr", "loss", "seed", "val-split"},
                    {"quiet"});
    const std::string outDir = args.require("out");
    configFromArgs(args, TrainConfig{});  // usage errors before any file is read
    ModelSource src = ModelSource::fromArgs(args);
    TrainConfig config = configFromArgs(args, src.project ? src.project->training : TrainConfig{});
    std::string dataText = args.get("data").value_or(src.project ? src.project->data : "");
    if (dataText.empty()) throw UsageError("missing --data SPEC (e.g. synthetic:spirals)");
    const std::string baseDir = src.project ? directoryOf(src.projectPath) : ".";
    const Dataset data = loadDataset(DataSpec::parse(dataText), baseDir);
    if (data.task == Task::Regression && !args.has("loss") && config.loss == "categorical_crossentropy")
        config.loss = "mse";

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

    auto [trainSet, valSet] = splitDataset(data, config.valSplit, config.seed);
    Trainer trainer(*trained.model, config);
    ProgressPrinter printer(ctx.err, ctx.errIsTerminal);
    TrainControl control;
    TrainResult result;
    {
        InterruptGuard guard(control);
        result = trainer.fit(trainSet, valSet.size() ? &valSet : nullptr,
                             args.has("quiet") ? nullptr : &printer, &control);
    }
    if (result.reason == StopReason::Diverged) throw Error(result.message);
    if (result.reason == StopReason::Stopped) ctx.err << "interrupted: " << result.message << "\n";

    if (!result.history.epochs.empty()) {
        const EpochRecord& last = result.history.epochs.back();
        trained.metrics = {{"loss", last.loss}};
        if (!std::isnan(last.accuracy)) trained.metrics["accuracy"] = last.accuracy;
        if (!std::isnan(last.valLoss)) trained.metrics["val_loss"] = last.valLoss;
        if (!std::isnan(last.valAccuracy)) trained.metrics["val_accuracy"] = last.valAccuracy;
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir + ": cannot create the output directory: " + ec.message());
    const std::string modelPath = (std::filesystem::path(outDir) / "model.json").string();
    const std::string paramsPath = (std::filesystem::path(outDir) / "params.json").string();
    const std::string historyPath = (std::filesystem::path(outDir) / "history.csv").string();
    saveModelFile(modelPath, trained);
    writeFileAtomic(paramsPath, trained.architecture.dump(2) + "\n");
    writeFileAtomic(historyPath, result.history.toCsv());
    ctx.out << "wrote " << modelPath << ", " << paramsPath << " and " << historyPath << "\n";
    return 0;
}

}  // namespace byom
