// Times saving and opening a project that keeps a trained run of a large model (weights as
// base64 float32 inside the project, as the model file format stores them), with the file's
// size and the process's peak memory during each operation.
//   projectbench [--dir DIR] [--repeat N] [--phases] [--epochs N] [PARAMS...]
// PARAMS are the sizes to measure, 1m and 10m (default: both), or history: the example's small
// stack trained for --epochs epochs (default 100,000) on 200 spirals, a project whose size is
// its run's per-epoch history rather than its weights. --phases also times the steps
// of each operation (JSON building, serialising, writing; reading, parsing, checking) and
// nlohmann's own dump() and syntax check for comparison.

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/train/manifest.h"
#include "core/train/trainingjob.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace {

using namespace byom;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A field of /proc/self/status in kB (VmRSS, VmHWM), 0 when unavailable.
long statusKb(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    return 0;
}

/// Returns freed memory to the system and resets the peak RSS (VmHWM) to the current RSS, so
/// that each operation's peak is its own.
void resetPeakRss() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

struct Size {
    std::string name;
    Index input;
    std::vector<int> units;  // dense layers; the last is the 10-class head; none: history
};

json dense(int units, const char* activation) {
    return {{"name", "dense"}, {"params", {{"units", units}, {"activation", activation}}}};
}

/// A project with one stack and one run whose model has the given size, weights initialised.
Project makeProject(const Size& size, long long& params) {
    json layers = json::array();
    for (std::size_t i = 0; i < size.units.size(); ++i)
        layers.push_back(dense(size.units[i], i + 1 < size.units.size() ? "relu" : "softmax"));
    StackEntry stack{"big", Shape{size.input}, 10, LayerSpec::listFromJson(layers, "layers")};
    Project p;
    p.stacks = {stack};
    p.data = "npy:x.npy,y.npy";
    p.dataHash = "0123456789abcdef";

    TrainedModel m;
    m.architecture = {{"name", "stack"}, {"params", {{"layers", layers}}}};
    m.numClasses = 10;
    for (int c = 0; c < 10; ++c) m.classNames.push_back("class" + std::to_string(c));
    m.model = std::make_unique<Model<float>>(stack.layers, stack.inputShape);
    m.model->init(1);
    params = static_cast<long long>(m.model->params().size());
    m.metrics = {{"loss", 0.5}, {"accuracy", 0.9}, {"split", "validation"}};

    RunManifest man;
    man.byomVersion = BYOM_VERSION;
    man.dataSpec = p.data;
    man.dataHash = p.dataHash;
    man.architecture = m.architecture;
    man.architectureHash = jsonHash(m.architecture);
    man.numClasses = 10;
    man.config = p.training;
    man.startedAt = isoTimestampUtc();
    man.outcome = "completed";
    for (int e = 1; e <= p.training.epochs; ++e)
        man.history.epochs.push_back({e, 1.0 / e, 0.5, 1.1 / e, 0.5, 1e-3, 2.0});
    man.metrics = m.metrics;
    p.runs.push_back({"run 1", stack.name, man.toJson(), modelToJson(m)});
    return p;
}

/// The example's stack (2 -> 32 relu -> 32 relu -> 3 softmax) trained for `epochs` epochs on
/// 200 spirals, kept as the project's run: a small model with a long history.
Project makeHistoryProject(int epochs, long long& params) {
    const json layers = json::array({dense(32, "relu"), dense(32, "relu"), dense(3, "softmax")});
    Project p;
    p.stacks = {{"spirals", Shape{2}, 3, LayerSpec::listFromJson(layers, "layers")}};
    p.data = "synthetic:spirals?n=200";
    p.training.epochs = epochs;
    TrainingRequest request;
    request.architecture = {{"name", "stack"}, {"params", {{"layers", layers}}}};
    request.config = p.training;
    request.dataSpec = p.data;
    TrainingJob job(std::move(request));
    const auto t = Clock::now();
    job.run();
    std::printf("(trained %d epochs in %.1f s)\n", epochs, secondsSince(t));
    params = static_cast<long long>(job.model().params().size());
    p.dataHash = job.manifest().dataHash;
    p.runs.push_back({"run 1", "spirals", job.manifest().toJson(), modelToJson(job.trained())});
    return p;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void phases(const std::string& path, const Project& p) {
    auto t = Clock::now();
    const json j = projectToJson(p);
    const double toJson = secondsSince(t);
    t = Clock::now();
    if (j.dump(2).empty()) throw Error("nothing to write");
    const double plainDump = secondsSince(t);  // nlohmann's serialiser alone
    t = Clock::now();
    const std::string text = dumpJson(j, 2) + "\n";
    const double dump = secondsSince(t);
    t = Clock::now();
    writeFileAtomic(path, text);
    const double write = secondsSince(t);
    t = Clock::now();
    const std::string read = readFile(path);
    const double readS = secondsSince(t);
    t = Clock::now();
    if (!json::accept(read)) throw Error(path + ": not JSON");
    const double syntax = secondsSince(t);  // nlohmann's lexer alone, no values built
    t = Clock::now();
    json parsed = parseJsonText(read, path);
    const double parse = secondsSince(t);
    t = Clock::now();
    modelFromJson(parsed.at("runs").at(0).at("model"), "run");
    const double model = secondsSince(t);  // building the model and decoding its weights
    t = Clock::now();
    const Project back = projectFromJson(std::move(parsed));
    const double check = secondsSince(t);
    std::printf(
        "  save: toJson %.3f s, dump %.3f s (nlohmann's dump alone %.3f s), write+fsync "
        "%.3f s\n",
        toJson, dump, plainDump, write);
    std::printf(
        "  open: read %.3f s, parse %.3f s (syntax check alone %.3f s), fromJson %.3f s "
        "(of which the run's model %.3f s)\n",
        readS, parse, syntax, check, model);
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = std::filesystem::temp_directory_path().string();
    int repeat = 5;
    bool showPhases = false;
    int epochs = 100000;
    std::vector<Size> sizes;
    const Size small{"1m", 1000, {900, 100, 10}};    // 992,010 parameters
    const Size large{"10m", 3000, {3000, 330, 10}};  // 9,996,640 parameters
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::stoi(argv[++i]));
        else if (a == "--phases")
            showPhases = true;
        else if (a == "--epochs" && i + 1 < argc)
            epochs = std::max(1, std::stoi(argv[++i]));
        else if (a == "history")
            sizes.push_back({"history", 2, {}});
        else if (a == "1m")
            sizes.push_back(small);
        else if (a == "10m")
            sizes.push_back(large);
        else {
            std::cerr << "usage: projectbench [--dir DIR] [--repeat N] [--phases] [--epochs N] "
                         "[1m] [10m] [history]\n";
            return 2;
        }
    }
    if (sizes.empty()) sizes = {small, large};
    try {
        std::printf("%-12s %9s %12s %12s %14s %14s\n", "parameters", "file MB", "save s", "open s",
                    "save peak MB", "open peak MB");
        long largest = 0;
        for (const Size& size : sizes) {
            long long params = 0;
            const Project p =
                size.units.empty() ? makeHistoryProject(epochs, params) : makeProject(size, params);
            const std::string path =
                (std::filesystem::path(dir) / ("projectbench-" + size.name + ".byom")).string();
            std::vector<double> save, open;
            long savePeak = 0, openPeak = 0;
            for (int r = 0; r < repeat; ++r) {
                resetPeakRss();
                const long before = statusKb("VmRSS");
                auto t = Clock::now();
                saveProject(path, p);
                save.push_back(secondsSince(t));
                largest = std::max(largest, statusKb("VmHWM"));
                savePeak = std::max(savePeak, statusKb("VmHWM") - before);
            }
            for (int r = 0; r < repeat; ++r) {
                resetPeakRss();
                const long before = statusKb("VmRSS");
                auto t = Clock::now();
                const Project back = loadProject(path);
                open.push_back(secondsSince(t));
                largest = std::max(largest, statusKb("VmHWM"));
                openPeak = std::max(openPeak, statusKb("VmHWM") - before);
                if (back.runs.size() != 1) throw Error("the run was not read back");
            }
            const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
            std::printf("%-12lld %9.1f %12.3f %12.3f %14.0f %14.0f\n", params, mb, median(save),
                        median(open), savePeak / 1024.0, openPeak / 1024.0);
            if (showPhases) phases(path, p);
            std::fflush(stdout);
            std::filesystem::remove(path);
        }
        std::printf(
            "(median of %d; peak MB: the process's peak RSS during the operation above "
            "its RSS before it; largest RSS of the process %ld MB)\n",
            repeat, largest / 1024);
    } catch (const std::exception& e) {
        std::cerr << "projectbench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
