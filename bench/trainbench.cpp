// trainbench: samples/s of BYOM's Trainer on the benchmark models, and Eigen's float GEMM rate.
//
//   trainbench gemm  [--size 1024] [--threads N] [--seconds S]
//   trainbench train --model NAME [--threads N] [--seconds S] [--seed K]
//   trainbench list
//
// Output: one line of "key=value" pairs per run, for bench/train_speed.py. The models are the
// ones train_speed.py builds in PyTorch; the data are random (normal inputs, uniform labels).

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/train/threadcount.h"
#include "core/train/trainer.h"

using namespace byom;

namespace {

struct BenchModel {
    std::string name;
    Shape input;
    int classes;
    int batch;
    Index samples;  // per epoch, a multiple of the batch
    std::vector<LayerSpec> layers;
};

LayerSpec dense(int units, const std::string& act) {
    return LayerSpec::of("dense", {{"units", units}, {"activation", act}});
}

std::vector<BenchModel> models() {
    const auto conv = [](int filters, int kernel, int stride, const std::string& act) {
        return LayerSpec::of("conv1d", {{"filters", filters},
                                        {"kernel_size", kernel},
                                        {"strides", stride},
                                        {"activation", act}});
    };
    const auto pool = [] { return LayerSpec::of("max_pool1d", {{"pool_size", 2}}); };
    const auto bn = [] { return LayerSpec::of("batch_norm"); };
    const auto relu = [] { return LayerSpec::of("activation", {{"activation", "relu"}}); };
    return {
        {"mlp-small",
         Shape{784},
         10,
         64,
         8192,
         {dense(128, "relu"), dense(64, "relu"), dense(10, "softmax")}},
        {"mlp-wide",
         Shape{784},
         10,
         256,
         8192,
         {dense(1024, "relu"), dense(1024, "relu"), dense(10, "softmax")}},
        {"mlp-tiny",
         Shape{2},
         2,
         32,
         8192,
         {dense(16, "tanh"), dense(16, "tanh"), dense(2, "softmax")}},
        {"cnn1d-ecg",
         Shape{800, 1},
         4,
         32,
         2048,
         {conv(16, 7, 2, "linear"), bn(), relu(), pool(), conv(32, 5, 1, "linear"), bn(), relu(),
          pool(), conv(64, 5, 1, "relu"), LayerSpec::of("global_avg_pool1d"), dense(4, "softmax")}},
    };
}

Dataset randomData(const BenchModel& m, std::uint64_t seed) {
    Rng rng(seed);
    Dataset d;
    d.name = "random";
    d.inputShape = m.input;
    d.x.resize(m.input.size(), m.samples);
    for (Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = static_cast<float>(rng.normal());
    d.labels.resize(static_cast<std::size_t>(m.samples));
    for (int& l : d.labels) l = static_cast<int>(rng.below(static_cast<std::uint64_t>(m.classes)));
    for (int c = 0; c < m.classes; ++c) d.classNames.push_back("c" + std::to_string(c));
    d.oneHotFromLabels();
    return d;
}

/// Training FLOPs per sample: forward, plus the weight gradients (as many as the forward
/// products) and the input gradients of every layer but the first.
double trainFlops(const Model<float>& model) {
    double f = 0;
    for (std::size_t i = 0; i < model.layerCount(); ++i)
        f += double(model.layer(i).flops()) * (i == 0 ? 2.0 : 3.0);
    return f;
}

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

int gemm(int n, double minSeconds) {
    Mat<float> a = Mat<float>::Random(n, n), b = Mat<float>::Random(n, n), c(n, n);
    c.noalias() = a * b;  // warm-up
    long reps = 0;
    const auto t0 = Clock::now();
    do {
        c.noalias() = a * b;
        ++reps;
    } while (seconds(t0) < minSeconds);
    const double s = seconds(t0);
    std::printf("gemm size=%d threads=%d gflops=%.2f checksum=%g\n", n, ThreadCount::get(),
                2.0 * n * n * double(n) * double(reps) / s * 1e-9, double(c(0, 0)));
    return 0;
}

int train(const std::string& name, double minSeconds, std::uint64_t seed) {
    for (const BenchModel& m : models()) {
        if (m.name != name) continue;
        Model<float> model(m.layers, m.input);
        model.init(seed);
        const Dataset data = randomData(m, seed);
        TrainConfig c;
        c.optimizer = "adam";
        c.learningRate = 1e-3;
        c.batchSize = m.batch;
        c.seed = seed;
        c.valSplit = 0;
        c.epochs = 1;
        Trainer trainer(model, c);
        // Warm-up epoch (buffers, caches), then as many epochs as fill minSeconds.
        auto t0 = Clock::now();
        trainer.fit(data, nullptr);
        const double first = seconds(t0);
        int epochs = std::max(1, static_cast<int>(minSeconds / std::max(first, 1e-6)));
        TrainConfig timed = c;
        timed.epochs = epochs;
        Trainer run(model, timed);
        t0 = Clock::now();
        const TrainResult r = run.fit(data, nullptr);
        const double s = seconds(t0);
        const double sps = double(m.samples) * epochs / s;
        std::printf(
            "train model=%s batch=%d threads=%d epochs=%d seconds=%.3f samples_per_s=%.1f "
            "train_gflops=%.2f params=%lld loss=%.4f\n",
            m.name.c_str(), m.batch, ThreadCount::get(), epochs, s, sps,
            sps * trainFlops(model) * 1e-9, static_cast<long long>(model.paramCount()),
            r.history.epochs.back().loss);
        return 0;
    }
    std::fprintf(stderr, "trainbench: unknown model %s\n", name.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: trainbench gemm|train|list [--model M] [--threads N] "
                     "[--seconds S] [--size N] [--seed K]\n");
        return 2;
    }
    const std::string mode = argv[1];
    std::string model;
    double minSeconds = 2.0;
    int size = 1024;
    std::uint64_t seed = 1;
    ThreadCount::fromEnvironment();
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char* value = argv[i + 1];
        if (key == "--model")
            model = value;
        else if (key == "--threads")
            ThreadCount::set(std::atoi(value));
        else if (key == "--seconds")
            minSeconds = std::atof(value);
        else if (key == "--size")
            size = std::atoi(value);
        else if (key == "--seed")
            seed = std::strtoull(value, nullptr, 10);
        else {
            std::fprintf(stderr, "trainbench: unknown option %s\n", key.c_str());
            return 2;
        }
    }
    try {
        if (mode == "gemm") return gemm(size, minSeconds);
        if (mode == "train") return train(model, minSeconds, seed);
        if (mode == "list") {
            for (const BenchModel& m : models())
                std::printf("%s batch=%d samples=%lld\n", m.name.c_str(), m.batch,
                            static_cast<long long>(m.samples));
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "trainbench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "trainbench: unknown mode %s\n", mode.c_str());
    return 2;
}
