// inferbench: BYOM's engine on the inference benchmark models (bench/infer_speed.py).
//
//   inferbench list
//   inferbench write --model NAME --out M.json [--seed K] [--data SPEC]
//   inferbench run --model-file M.json --batch B [--seconds S] [--threads N] [--chunk C]
//
// `write` saves a model file with random weights (its classes named as the data set SPEC names
// them when given, so that `byom quantize --data SPEC` can report on it) (moved off their
// initialisation, BatchNorm statistics away from 0 and 1, a standard input normalisation), as the
// export tests build theirs. NAME is mlp-small or cnn1d-ecg (as trainbench defines them), zoo:ARCH
// (a registry architecture with its default params) or example:ARCH (with the example params `byom
// registry show` gives; example:tcn is resources/examples/tcn-ecg.json). `run` times the `byom
// predict` path (input normalisation, then the model's InferencePlan, which predictAll runs) on B
// random raw rows after a warm-up and prints one line of key=value pairs. The plan is made once,
// outside the timing (as ONNX Runtime's session is), and reused call after call with its buffers.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/data/dataspec.h"
#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/evaluation.h"
#include "core/train/inferenceplan.h"
#include "core/train/threadcount.h"
#include "support/modelcases.h"

using namespace byom;
using byom::test::layer;
using byom::test::ModelCase;
using byom::test::stack;

namespace {

ModelCase benchCase(const std::string& name) {
    const auto dense = [](int units, const char* act) {
        return layer("dense", {{"units", units}, {"activation", act}});
    };
    const auto conv = [](int filters, int kernel, int stride, const char* act) {
        return layer("conv1d", {{"filters", filters},
                                {"kernel_size", kernel},
                                {"strides", stride},
                                {"activation", act}});
    };
    const json relu = layer("activation", {{"activation", "relu"}});
    const json pool = layer("max_pool1d", {{"pool_size", 2}});
    if (name == "mlp-small")
        return {name, Shape{784},
                stack(json::array({dense(128, "relu"), dense(64, "relu"), dense(10, "softmax")}))};
    if (name == "cnn1d-ecg")
        return {name, Shape{800, 1},
                stack(json::array({conv(16, 7, 2, "linear"), layer("batch_norm"), relu, pool,
                                   conv(32, 5, 1, "linear"), layer("batch_norm"), relu, pool,
                                   conv(64, 5, 1, "relu"), layer("global_avg_pool1d"),
                                   dense(4, "softmax")}))};
    const bool example = name.rfind("example:", 0) == 0;
    if (example || name.rfind("zoo:", 0) == 0) {
        // 4 classes on an ECG-like signal of 800 samples, or on 16 features for the
        // architectures that take a flat input.
        const ModelFactory zoo = ModelFactory::withBuiltins();
        const std::string arch = name.substr(name.find(':') + 1);
        const json params = example ? zoo.get(arch).example : json::object();
        for (const Shape& input : {Shape{800, 1}, Shape{16}}) {
            try {
                std::vector<LayerSpec> specs = zoo.expand(arch, input, params, 4);
                Model<float> probe(specs, input);
                return {name, input, std::move(specs)};
            } catch (const std::exception&) {
            }
        }
    }
    throw Error("unknown model " + name);
}

int write(const std::string& name, const std::string& out, std::uint64_t seed,
          const std::string& data) {
    const ModelCase c = benchCase(name);
    Rng rng(seed);
    TrainedModel m = byom::test::withRandomWeights(c, rng);
    if (!data.empty()) {
        const Dataset d = loadDataset(DataSpec::parse(data));
        if (d.classNames.size() != m.classNames.size())
            throw Error(data + " has " + std::to_string(d.classNames.size()) +
                        " classes; the model has " + std::to_string(m.classNames.size()));
        m.classNames = d.classNames;
    }
    saveModelFile(out, m);
    std::printf("wrote model=%s input=", name.c_str());
    for (std::size_t i = 0; i < c.input.dims.size(); ++i)
        std::printf(i ? "x%lld" : "%lld", static_cast<long long>(c.input.dims[i]));
    std::printf(" params=%lld\n", static_cast<long long>(m.model->paramCount()));
    return 0;
}

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

int run(const std::string& path, Index batch, double minSeconds, Index chunk) {
    TrainedModel m = loadModelFile(path);
    const std::optional<Normalizer> norm =
        m.normalization.is_null() ? std::nullopt
                                  : std::optional(Normalizer::fromJson(m.normalization));
    Rng rng(7);
    Mat<float> raw(m.model->inputShape().size(), batch);
    for (Index i = 0; i < raw.size(); ++i) raw.data()[i] = static_cast<float>(rng.normal());
    InferencePlan plan(*m.model, 0, chunk);
    Mat<float> x, y;
    double checksum = 0;
    const auto once = [&] {
        // The rows as read, normalised in one pass (as predict's in place; the raw rows stay
        // for the next call).
        if (norm) norm->apply(raw, x);
        plan.run(norm ? x : raw, y);
        checksum += double(y(0, 0));
    };
    // Warm-up for a tenth of the time (buffers, caches, thread pool), then as many calls as
    // fill minSeconds.
    auto t0 = Clock::now();
    do once();
    while (since(t0) < minSeconds / 10);
    long calls = 0;
    t0 = Clock::now();
    do {
        once();
        ++calls;
    } while (since(t0) < minSeconds);
    const double s = since(t0);
    std::printf(
        "engine batch=%lld threads=%d chunk=%lld calls=%ld us_per_call=%.3f "
        "samples_per_s=%.1f checksum=%g\n",
        static_cast<long long>(batch), plan.threads(), static_cast<long long>(plan.chunk()), calls,
        s / calls * 1e6, double(batch) * calls / s, checksum);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::set<std::string> keys = {"--model", "--out",     "--model-file",
                                        "--batch", "--seconds", "--threads",
                                        "--seed",  "--chunk",   "--data"};
    std::map<std::string, std::string> opt;
    for (int i = 2; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
    for (const auto& [key, value] : opt)
        if (!keys.count(key)) {
            std::fprintf(stderr, "inferbench: unknown option %s\n", key.c_str());
            return 2;
        }
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: inferbench list|write|run [--model NAME] [--out FILE] [--seed K] [--data SPEC] "
            "[--model-file FILE] [--batch B] [--seconds S] [--threads N] [--chunk C]\n");
        return 2;
    }
    const auto get = [&opt](const char* key, const char* otherwise) {
        const auto it = opt.find(key);
        return it == opt.end() ? std::string(otherwise) : it->second;
    };
    const std::string mode = argv[1];
    ThreadCount::fromEnvironment();
    if (opt.count("--threads")) ThreadCount::set(std::stoi(opt["--threads"]));
    try {
        if (mode == "write")
            return write(get("--model", ""), get("--out", ""), std::stoull(get("--seed", "1")),
                         get("--data", ""));
        if (mode == "run")
            return run(get("--model-file", ""), std::stoll(get("--batch", "1")),
                       std::stod(get("--seconds", "1")), std::stoll(get("--chunk", "0")));
        if (mode == "list") {
            std::printf("mlp-small\ncnn1d-ecg\n");
            for (const std::string& arch : ModelFactory::withBuiltins().list())
                std::printf("zoo:%s\n", arch.c_str());
            std::printf("example:tcn\n");
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "inferbench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "inferbench: unknown mode %s\n", mode.c_str());
    return 2;
}
