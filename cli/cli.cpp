#include "cli/cli.h"

#include <algorithm>
#include <ostream>

#include "cli/commandhelp.h"
#include "cli/commands.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

// One line of the string per line of the text, however long.
// clang-format off
constexpr const char* kUsage =
    "usage: byom COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  layers [--json]                      the layer catalogue with parameter schemas\n"
    "  registry list|show NAME [--project P] [--json]\n"
    "                                       the model registry: built-in and project architectures\n"
    "  summary (--project P [--arch NAME] | --params FILE) [--input-shape 800,1] [--classes N]\n"
    "                                       Keras-style summary with parameters and FLOPs\n"
    "  train (--project P [--arch NAME] | --params FILE) [--data SPEC] --out DIR\n"
    "        [--epochs N] [--batch-size B] [--optimizer adam|adamw|sgd|rmsprop] [--lr X]\n"
    "        [--loss L] [--seed S] [--val-split F] [--l2 X] [--config TRAINING.json]\n"
    "                                       train; writes DIR/model.json, DIR/params.json,\n"
    "                                       DIR/history.csv, DIR/manifest.json\n"
    "  train --manifest RUN/manifest.json --out DIR\n"
    "                                       re-run a recorded run (same seed, data, config)\n"
    "  evaluate --model M.json --data SPEC [--json]\n"
    "                                       loss, accuracy, F1, per-class metrics, confusion matrix\n"
    "                                       (MAE, RMSE, R^2 for regression)\n"
    "  predict --model M.json --data SPEC --out preds.csv\n"
    "                                       per-row probabilities and predicted class (or value)\n"
    "  export (--model M.json | --project P [--arch NAME]) --format FMT --out PATH\n"
    "        [--no-normalization] [--name NAME] [--data SPEC]\n"
    "                                       params, model, onnx, tfjs (a directory), keras-json,\n"
    "                                       pytorch, c (a C library in a directory; see\n"
    "                                       docs/formats.md)\n"
    "  deploy (--model M.json | --project P [--arch NAME] | --params F --input-shape S --classes N)\n"
    "         --target T [--json]           does it fit a microcontroller: MACs, flash, RAM,\n"
    "                                       estimated latency (targets: apollo3, apollo4,\n"
    "                                       stm32l476, nrf52840, stm32u585, cortex-m55, custom:...)\n"
    "  quantize --model M.json --out Q.json [--data SPEC] [--samples N] [--keep-float L1,L2]\n"
    "         [--json]                      int8 post-training quantisation with a float vs int8\n"
    "                                       report (accuracy, agreement, per-layer SQNR)\n"
    "  validate FILE                        report every problem in a project, model or params file\n"
    "  data inspect SPEC [--json]           rows, shape, classes with counts, per-column statistics\n"
    "  version                              print the version\n"
    "\n"
    "byom COMMAND --help (or -h, or byom help COMMAND) explains a command with an example.\n"
    "\n"
    "data specs: synthetic:NAME[?n=1000&classes=3&noise=0.1&seed=1&length=800] (spirals, moons,\n"
    "            circles, xor, blobs, sine, ecg-rhythm, ecg-segmentation, ecg-denoise)\n"
    "            csv:PATH[?label=COL&task=auto|classification|regression&missing=error|drop|mean\n"
    "                &delimiter=,|;|tab&header=auto|yes|no&classes=appearance|sorted]\n"
    "            npy:X.npy,Y.npy[?task=auto|classification|regression]\n"
    "exit codes: 0 success, 2 usage error, 1 any other error\n";
// clang-format on

bool isHelp(const std::string& arg) {
    return arg == "--help" || arg == "-h";
}

}  // namespace

int runCli(const std::vector<std::string>& args, CliContext& ctx) {
    if (args.empty() || args[0] == "help" || isHelp(args[0])) {
        // byom help COMMAND is byom COMMAND --help (an unknown one is a usage error).
        if (args.size() == 2 && args[0] == "help") return runCli({args[1], "--help"}, ctx);
        (args.empty() ? ctx.err : ctx.out) << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string& command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    // --help or -h anywhere after a command prints its usage and runs nothing.
    if (const std::string help = commandHelp(command);
        !help.empty() && std::any_of(rest.begin(), rest.end(), isHelp)) {
        ctx.out << help;
        return 0;
    }
    try {
        if (command == "train") return runTrain(rest, ctx);
        if (command == "summary") return runSummary(rest, ctx);
        if (command == "layers") return runLayers(rest, ctx);
        if (command == "validate") return runValidate(rest, ctx);
        if (command == "registry") return runRegistry(rest, ctx);
        if (command == "evaluate") return runEvaluate(rest, ctx);
        if (command == "predict") return runPredict(rest, ctx);
        if (command == "data") return runData(rest, ctx);
        if (command == "export") return runExport(rest, ctx);
        if (command == "deploy") return runDeploy(rest, ctx);
        if (command == "quantize") return runQuantize(rest, ctx);
        if (command == "version" || command == "--version") {
            ctx.out << "byom " << BYOM_VERSION << "\n";
            return 0;
        }
        std::string msg = "unknown command '" + command + "'";
        const std::string near = nearest(command, commandNames());
        if (!near.empty()) msg += "; did you mean '" + near + "'?";
        throw UsageError(msg + " (run 'byom help')");
    } catch (const UsageError& e) {
        ctx.err << "byom " << command << ": " << e.what() << "\n";
        return 2;
    } catch (const ValidationError& e) {
        // One line for the first problem, then the rest (every problem is reported).
        for (const Problem& p : e.problems())
            ctx.err << "byom " << command << ": " << p.toString() << "\n";
        return 1;
    } catch (const std::exception& e) {
        ctx.err << "byom " << command << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace byom
