#include "core/data/ecgrhythm.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/util/error.h"

namespace byom {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kRate = 100.0;  // samples per second

/// One PQRST wave: position and width in phase (radians, R at 0), amplitude in mV.
struct Wave {
    double theta;
    double amplitude;
    double width;
};

// McSharry et al. (2003), Table 1 positions and widths; amplitudes as a lead-II-like
// waveform in mV (their a_i drive the derivative of z, ours are the Gaussians' heights).
constexpr Wave kWaves[5] = {
    {-kPi / 3.0, 0.15, 0.25},   // P
    {-kPi / 12.0, -0.12, 0.1},  // Q
    {0.0, 1.0, 0.1},            // R
    {kPi / 12.0, -0.25, 0.1},   // S
    {kPi / 2.0, 0.3, 0.4},      // T
};

struct Rhythm {
    double minBpm;
    double maxBpm;
    bool fibrillation;
};

constexpr Rhythm kRhythms[4] = {
    {60, 100, false}, {35, 55, false}, {105, 170, false}, {70, 150, true}};
const char* const kNames[4] = {"normal", "bradycardia", "tachycardia", "afib"};

void renderFrame(Rng& rng, const Rhythm& rhythm, double noise, float* out, Index length) {
    const double duration = static_cast<double>(length) / kRate;
    const double meanRr = 60.0 / rng.uniform(rhythm.minBpm, rhythm.maxBpm);
    const double respFreq = rng.uniform(0.2, 0.35), respPhase = rng.uniform(0, 2 * kPi);
    const double mayerPhase = rng.uniform(0, 2 * kPi);
    const double gain = rng.uniform(0.7, 1.3);
    const double rScale = rng.uniform(0.8, 1.3);

    for (Index i = 0; i < length; ++i) out[i] = 0.0f;
    // Beats from before the frame starts to after it ends, so edges hold partial beats.
    double r = -rng.uniform(0.0, 1.0) * meanRr - meanRr;
    double previousRr = meanRr;
    while (r < duration + 2.0 * meanRr) {
        double rr;
        if (rhythm.fibrillation) {
            rr = meanRr * (1.0 + 0.2 * rng.normal());
            rr = std::clamp(rr, 0.3, 2.0);
        } else {
            rr = meanRr * (1.0 + 0.04 * std::sin(2 * kPi * respFreq * r + respPhase) +
                           0.02 * std::sin(2 * kPi * 0.1 * r + mayerPhase) + 0.01 * rng.normal());
        }
        // Faster hearts: waves wider in phase (narrower in time less than the R-R shrinks).
        const double beatRr = previousRr;
        const double hrFactor = std::sqrt(1.0 / beatRr);
        const double hrFactor2 = std::sqrt(hrFactor);
        const double positionScale[5] = {hrFactor2, hrFactor, 1.0, hrFactor, hrFactor2};
        const Index first =
            std::max<Index>(0, static_cast<Index>(std::floor((r - 0.75 * beatRr) * kRate)));
        const Index last =
            std::min<Index>(length - 1, static_cast<Index>(std::ceil((r + 0.75 * beatRr) * kRate)));
        for (Index i = first; i <= last; ++i) {
            const double theta = 2 * kPi * (static_cast<double>(i) / kRate - r) / beatRr;
            double z = 0;
            for (int w = 0; w < 5; ++w) {
                if (w == 0 && rhythm.fibrillation) continue;  // no P waves in AF
                const double width = kWaves[w].width * hrFactor;
                const double d = theta - kWaves[w].theta * positionScale[w];
                const double amp = kWaves[w].amplitude * (w == 2 ? rScale : 1.0);
                z += amp * std::exp(-d * d / (2 * width * width));
            }
            out[i] += static_cast<float>(gain * z);
        }
        previousRr = rr;
        r += rr;
    }

    const double wanderFreq = rng.uniform(0.1, 0.4), wanderPhase = rng.uniform(0, 2 * kPi);
    const double wanderAmp = noise * rng.uniform(0.5, 2.0);
    const double fAmp = rhythm.fibrillation ? rng.uniform(0.03, 0.08) : 0.0;
    const double fFreq = rng.uniform(4.0, 8.0);
    double fPhase = rng.uniform(0, 2 * kPi);
    for (Index i = 0; i < length; ++i) {
        const double t = static_cast<double>(i) / kRate;
        double v = wanderAmp * std::sin(2 * kPi * wanderFreq * t + wanderPhase);
        if (rhythm.fibrillation) {
            fPhase += 2 * kPi * fFreq / kRate + 0.3 * rng.normal() / kRate * 10.0;
            v += fAmp * std::sin(fPhase);
        }
        v += 0.3 * noise * rng.normal();
        out[i] += static_cast<float>(v);
    }
}

}  // namespace

Dataset makeEcgRhythm(const SyntheticOptions& opt) {
    if (opt.classes < 2 || opt.classes > 4)
        throw Error(
            "synthetic ecg-rhythm: classes must be 2, 3 or 4 (normal, bradycardia, "
            "tachycardia, afib), got " +
            std::to_string(opt.classes));
    if (opt.length < 100 || opt.length > 100000)
        throw Error(
            "synthetic ecg-rhythm: length must be between 100 and 100,000 samples (100 Hz), got " +
            std::to_string(opt.length));
    Dataset d;
    d.name = "ecg-rhythm";
    d.task = Task::Classification;
    d.inputShape = Shape{opt.length, 1};
    d.x.resize(opt.length, opt.n);
    d.labels.resize(static_cast<std::size_t>(opt.n));
    for (int k = 0; k < opt.classes; ++k) d.classNames.emplace_back(kNames[k]);
    Rng rng(opt.seed);
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % opt.classes);
        renderFrame(rng, kRhythms[k], opt.noise, d.x.col(j).data(), opt.length);
        d.labels[static_cast<std::size_t>(j)] = k;
    }
    d.oneHotFromLabels();
    return d;
}

}  // namespace byom
