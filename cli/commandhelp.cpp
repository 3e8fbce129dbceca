#include "cli/commandhelp.h"

#include <map>

#include "core/io/export/exporterregistry.h"
#include "core/util/strings.h"

namespace byom {

namespace {

constexpr const char* kDataSpecs =
    "\n"
    "data specs:\n"
    "  synthetic:NAME[?n=1000&classes=3&noise=0.1&seed=1&length=800]\n"
    "      spirals, moons, circles, xor, blobs, sine (regression), ecg-rhythm,\n"
    "      ecg-segmentation (a class per time step: none, P, QRS, T; length 256),\n"
    "      ecg-denoise (noisy frame -> clean frame, per time step; length 256)\n"
    "  csv:PATH[?label=COL&task=auto|classification|regression&missing=error|drop|mean\n"
    "      &delimiter=,|;|tab&header=auto|yes|no&classes=appearance|sorted]\n"
    "  npy:X.npy,Y.npy[?task=auto|classification|regression]\n"
    "      Y (N,) class indices, (N, K) one-hot or targets; per time step of an (N, T, C)\n"
    "      X: (N, T) class indices or (N, T, C) values\n";

const std::map<std::string, std::string>& texts() {
    static const std::map<std::string, std::string> t = {
        {"layers",
         "usage: byom layers [--json]\n"
         "\n"
         "Prints the layer catalogue: every layer kind by category with each parameter's type,\n"
         "default, range and meaning (the GUI's palette and property editor use the same\n"
         "schemas).\n"
         "\n"
         "options:\n"
         "  --json        the catalogue as JSON, for scripts\n"
         "\n"
         "example:\n"
         "  byom layers\n"},
        {"registry",
         "usage: byom registry list [--project P] [--json]\n"
         "       byom registry show NAME [--project P] [--json]\n"
         "\n"
         "The model registry: the built-in architectures (mlp, stack, resnet, tcn, ...) and those\n"
         "a project registers. `list` names them; `show` prints one entry's params schema,\n"
         "defaults and an example params object.\n"
         "\n"
         "options:\n"
         "  --project P   include the architectures registered in project P\n"
         "  --json        JSON instead of text\n"
         "\n"
         "examples:\n"
         "  byom registry list\n"
         "  byom registry show mlp --json\n"},
        {"summary",
         "usage: byom summary (--project P [--arch NAME] | --params FILE) [--input-shape SHAPE]\n"
         "                    [--classes N] [--json]\n"
         "\n"
         "Builds the architecture and prints a Keras-style summary: each layer's output shape,\n"
         "parameters and FLOPs, with the totals and the memory a training batch needs.\n"
         "\n"
         "options:\n"
         "  --project P        a project file; its first stack unless --arch names another\n"
         "  --arch NAME        a stack or registered architecture of the project\n"
         "  --params FILE      architecture params {\"name\", \"params\"} or a HeartKit task\n"
         "                     config (its architecture, num_classes and frame_size)\n"
         "  --input-shape S    the input of one sample: 100 or 800,1 (length, channels)\n"
         "  --classes N        add a softmax head of N classes\n"
         "  --json             the summary as JSON\n"
         "\n"
         "example:\n"
         "  byom summary --params resources/examples/mlp-seed.json --input-shape 100 "
         "--classes 5\n"},
        {"train",
         "usage: byom train (--project P [--arch NAME] | --params FILE) [--data SPEC] --out DIR\n"
         "                  [options]\n"
         "       byom train --manifest RUN/manifest.json --out DIR [options]\n"
         "\n"
         "Trains a model and writes DIR/model.json (the model with its weights), params.json\n"
         "(the architecture), history.csv (per-epoch metrics) and manifest.json (seed, data,\n"
         "config and outcome). --manifest re-runs a recorded run with the same seed, data and\n"
         "config. Ctrl-C stops after the current batch and still writes the model.\n"
         "\n"
         "options:\n"
         "  --project P         a project: its stack (or --arch), data and training config\n"
         "  --arch NAME         a stack or registered architecture of the project\n"
         "  --params FILE       architecture params {\"name\", \"params\"} or a HeartKit task "
         "config\n"
         "  --manifest FILE     replay the run recorded in FILE\n"
         "  --data SPEC         the data set (default: the project's or the manifest's)\n"
         "  --out DIR           where the files are written (required)\n"
         "  --config FILE       training options as in a project's \"training\" object; the\n"
         "                      options below override it\n"
         "  --epochs N          epochs (default 20)\n"
         "  --batch-size B      samples per batch (default 32)\n"
         "  --optimizer NAME    adam, adamw, sgd or rmsprop (default adam)\n"
         "  --lr X              learning rate (default 0.001)\n"
         "  --loss NAME         categorical_crossentropy, sparse_categorical_crossentropy,\n"
         "                      categorical_focal_crossentropy, binary_crossentropy, mse, mae,\n"
         "                      huber (default: categorical_crossentropy, mse for regression)\n"
         "  --seed S            seed of initialisation, split and shuffling (default 1)\n"
         "  --val-split F       fraction held out for validation, 0 to 0.9 (default 0.2)\n"
         "  --l2 X              L2 penalty on the weights, 0 to 1 (default 0)\n"
         "  --quiet             no progress output\n"
         "\n"
         "examples:\n"
         "  byom train --project resources/examples/spirals.byom --out run/\n"
         "  byom train --params my-arch.json --data 'synthetic:spirals?n=1500&classes=3' "
         "--epochs 60 --out run/\n"
         "  byom train --manifest run/manifest.json --out rerun/\n"},
        {"evaluate",
         "usage: byom evaluate --model M.json --data SPEC [--loss NAME] [--json]\n"
         "\n"
         "Evaluates a trained model on a data set (normalised as the model was trained): loss,\n"
         "accuracy, weighted F1, per-class precision, recall and F1 and the confusion matrix;\n"
         "MAE, RMSE and R^2 for regression. Classes are matched to the model's by name.\n"
         "\n"
         "options:\n"
         "  --model M.json   a model written by byom train (required)\n"
         "  --data SPEC      the data set (required)\n"
         "  --loss NAME      the loss to report (default: categorical_crossentropy, mse for\n"
         "                   regression)\n"
         "  --json           the metrics as JSON\n"
         "\n"
         "example:\n"
         "  byom evaluate --model run/model.json --data 'synthetic:spirals?n=500&seed=7'\n"},
        {"predict",
         "usage: byom predict --model M.json --data SPEC --out preds.csv\n"
         "\n"
         "Writes one CSV row per sample: the class probabilities (p_CLASS columns) and the\n"
         "predicted class name, or the predicted values for regression. The inputs are\n"
         "normalised as the model was trained; the data's labels are not used.\n"
         "\n"
         "options:\n"
         "  --model M.json   a model written by byom train (required)\n"
         "  --data SPEC      the samples to predict (required)\n"
         "  --out FILE       the CSV file to write (required)\n"
         "\n"
         "example:\n"
         "  byom predict --model run/model.json --data csv:new.csv --out preds.csv\n"},
        {"export",
         "usage: byom export --model M.json --format FMT --out PATH [--no-normalization]\n"
         "                   [--name NAME] [--data SPEC] [--int8-io]\n"
         "       byom export (--project P [--arch NAME] | --params FILE) --format FMT --out PATH\n"
         "                   [--input-shape SHAPE] [--classes N]\n"
         "\n"
         "Writes a trained model (with its weights) or an architecture (without) in another\n"
         "format. Formats that carry weights need --model; params, keras-json and pytorch\n"
         "also take an architecture alone (see docs/formats.md).\n"
         "\n"
         "options:\n"
         "  --model M.json       a model written by byom train\n"
         "  --project P          a project's stack (or --arch), without weights\n"
         "  --arch NAME          a stack or registered architecture of the project\n"
         "  --params FILE        architecture params, without weights\n"
         "  --format FMT         the format (required)\n"
         "  --out PATH           the file to write (a directory for tfjs and c; required)\n"
         "  --input-shape S      the input of one sample when the architecture has none\n"
         "  --classes N          add a softmax head of N classes\n"
         "  --no-normalization   leave out the model's input normalisation\n"
         "  --name NAME          c: the library's name (files NAME.h, NAME.c; default model);\n"
         "                       tflite-c: the array's (NAME_tflite; default model)\n"
         "  --data SPEC          c: the self-test's reference inputs are the first samples of\n"
         "                       SPEC (default: the run's validation split, from the\n"
         "                       manifest.json next to the model)\n"
         "  --int8-io            tflite, tflite-c of an int8 model (byom quantize): int8 input\n"
         "                       and output tensors (the normalised input quantised with the\n"
         "                       input tensor's scale and zero point) instead of float ones\n"
         "                       with QUANTIZE and DEQUANTIZE at the ends\n"
         "\n"
         "An int8 model (byom quantize's file) exports with --format c, tflite or tflite-c.\n"
         "\n"
         "example:\n"
         "  byom export --model out/ecg/model.json --format c --out out/ecg/c --name ecg\n"
         "  make -C out/ecg/c          (builds and runs the self-test on this machine)\n"
         "  byom export --model out/ecg/model.json --format tflite --out ecg.tflite\n"
         "  byom export --model out/ecg/model.json --format tflite-c --out ecg_model.h "
         "--name ecg_model\n"},
        {"deploy",
         "usage: byom deploy --model M.json --target T [--json]\n"
         "       byom deploy (--project P [--arch NAME] | --params F --input-shape S --classes N)\n"
         "                   --target T [--json]\n"
         "\n"
         "Does the model fit a microcontroller, and how fast would it run there? The figures of\n"
         "its C library export: multiply-adds, flash (weights, and an\n"
         "estimate of the code), RAM (the arena planned over tensor lifetimes, the input and\n"
         "output buffers), an estimated latency, and whether it fits with the margin. The\n"
         "latency is an estimate: instruction counts of the library's kernels measured on an\n"
         "emulated Cortex-M4 (QEMU, scripts/calibrate-deploy), taken as one cycle each. An\n"
         "architecture without weights is budgeted with fresh ones.\n"
         "\n"
         "options:\n"
         "  --target T    apollo3, apollo4, stm32l476, nrf52840, stm32u585, cortex-m55, or\n"
         "                custom:clock=64MHz,flash=1MB,ram=256KB\n"
         "  --json        the report as JSON\n"
         "\n"
         "example:\n"
         "  byom deploy --project resources/examples/spirals.byom --target apollo3\n"},
        {"quantize",
         "usage: byom quantize --model M.json --out Q.json [--data SPEC] [--samples N]\n"
         "                     [--keep-float LAYER[,LAYER...]] [--json]\n"
         "\n"
         "Post-training full-integer quantisation with TFLite's int8 scheme: weights per output\n"
         "channel (symmetric), activations per tensor (asymmetric, min/max ranges calibrated on\n"
         "N rows), int32 biases, fixed-point requantisation. Writes an int8 model file that\n"
         "predict, evaluate, deploy and export (c, tflite) understand; byom runs it with its\n"
         "integer engine, the integers the exported C library computes. Prints what int8 costs:\n"
         "float and int8 accuracy (or R^2) and F1, the rows whose class agrees, the largest and\n"
         "mean output difference, weight sizes, and per layer the signal-to-quantisation-noise\n"
         "ratio (below 20 dB is marked: keep that layer in float). Without --data, calibrates\n"
         "on the training split of the run that wrote the model (manifest.json next to it) and\n"
         "reports on its validation split.\n"
         "\n"
         "options:\n"
         "  --data SPEC        calibrate on its first N rows and report on all of them\n"
         "  --samples N        calibration rows (default 256)\n"
         "  --keep-float L     layers (their names in byom summary) kept in float, with a\n"
         "                     dequantize before and a quantize after them\n"
         "  --json             the report as JSON\n"
         "\n"
         "example:\n"
         "  byom quantize --model out/ecg/model.json --out out/ecg/model-int8.json\n"
         "  byom evaluate --model out/ecg/model-int8.json --data synthetic:ecg-rhythm\n"},
        {"validate",
         "usage: byom validate FILE\n"
         "\n"
         "Checks a project (.byom), a model file or an architecture params file and reports\n"
         "every problem, one per line, as FILE: JSON.PATH: what is wrong. Exit code 0 when the\n"
         "file is valid, 1 when it is not.\n"
         "\n"
         "example:\n"
         "  byom validate resources/examples/spirals.byom\n"},
        {"data",
         "usage: byom data inspect SPEC [--json]\n"
         "\n"
         "Loads a data set and prints what it holds: rows, input shape, task, the classes with\n"
         "their counts, and per column the min, mean, max and missing values.\n"
         "\n"
         "options:\n"
         "  --json   the summary as JSON\n"
         "\n"
         "example:\n"
         "  byom data inspect 'csv:tests/data/csv/iris.csv?label=species'\n"},
        {"version",
         "usage: byom version\n"
         "\n"
         "Prints the version of byom.\n"
         "\n"
         "example:\n"
         "  byom version\n"},
    };
    return t;
}

}  // namespace

const std::vector<std::string>& commandNames() {
    static const std::vector<std::string> names = {"layers",   "registry", "summary", "train",
                                                   "evaluate", "predict",  "export",  "deploy",
                                                   "quantize", "validate", "data",    "version"};
    return names;
}

std::string commandHelp(const std::string& command) {
    const auto it = texts().find(command);
    if (it == texts().end()) return {};
    std::string text = it->second;
    if (command == "export")
        text += "\nformats: " + join(ExporterRegistry::instance().formats(), ", ") +
                "\n\nexamples:\n"
                "  byom export --model run/model.json --format onnx --out model.onnx\n"
                "  byom export --project resources/examples/spirals.byom --format keras-json "
                "--out model.keras.json\n";
    if (command == "train" || command == "evaluate" || command == "predict" || command == "data")
        text += kDataSpecs;
    return text;
}

}  // namespace byom
