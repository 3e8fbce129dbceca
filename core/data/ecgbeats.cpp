#include "core/data/ecgbeats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "core/util/error.h"

namespace byom {

namespace {

constexpr double kPi = std::numbers::pi;

/// One PQRST wave: position and width in phase (radians, R at 0), amplitude in mV.
struct WaveShape {
    double theta;
    double amplitude;
    double width;
};

// McSharry et al. (2003), Table 1 positions and widths; amplitudes as a lead-II-like
// waveform in mV (their a_i drive the derivative of z, ours are the Gaussians' heights).
constexpr WaveShape kWaves[5] = {
    {-kPi / 3.0, 0.15, 0.25},   // P
    {-kPi / 12.0, -0.12, 0.1},  // Q
    {0.0, 1.0, 0.1},            // R
    {kPi / 12.0, -0.25, 0.1},   // S
    {kPi / 2.0, 0.3, 0.4},      // T
};

// Label extents in widths of each Gaussian: the QRS from 1.5 widths before Q to 1.5 after S.
constexpr double kQrsReach = 1.5;
constexpr double kPtReach = 2.0;

}  // namespace

EcgBeats EcgBeats::sequenceFrame(Rng& rng, Index j, Index length) {
    static constexpr Rhythm kSinus = {40, 160, false};
    static constexpr Rhythm kAfib = {60, 150, true};
    Morphology m;
    m.p = rng.uniform(0.7, 1.3);
    m.t = rng.uniform(0.7, 1.3);
    return EcgBeats(rng, j % 4 == 3 ? kAfib : kSinus, length, m);
}

void EcgBeats::checkLength(const std::string& name, Index length) {
    if (length < 100 || length > 100000)
        throw Error("synthetic " + name +
                    ": length must be between 100 and 100,000 samples (100 Hz), got " +
                    std::to_string(length));
}

Dataset EcgBeats::sequenceSet(const std::string& name, Task task, Index n, Index length,
                              Index channels) {
    checkLength(name, length);
    Dataset d;
    d.name = name;
    d.task = task;
    d.inputShape = Shape{length, 1};
    d.targetShape = Shape{length, channels};
    d.x.resize(length, n);
    return d;
}

EcgBeats::EcgBeats(Rng& rng, const Rhythm& rhythm, Index length, Morphology morphology)
    : m_rng(rng), m_rhythm(rhythm), m_length(length), m_morphology(morphology) {
    m_meanRr = 60.0 / rng.uniform(rhythm.minBpm, rhythm.maxBpm);
    m_respFreq = rng.uniform(0.2, 0.35);
    m_respPhase = rng.uniform(0, 2 * kPi);
    m_mayerPhase = rng.uniform(0, 2 * kPi);
    m_gain = rng.uniform(0.7, 1.3);
    m_rScale = rng.uniform(0.8, 1.3);
}

EcgBeats::EcgBeats(Rng& rng, const Rhythm& rhythm, Index length)
    : EcgBeats(rng, rhythm, length, Morphology{}) {}

void EcgBeats::render(float* out, int* labels) {
    const double duration = static_cast<double>(m_length) / kRate;
    // How close each sample is to the wave it is labelled with (in widths), for overlaps.
    std::vector<double> nearest;
    if (labels)
        nearest.assign(static_cast<std::size_t>(m_length), std::numeric_limits<double>::infinity());
    for (Index i = 0; i < m_length; ++i) {
        out[i] = 0.0f;
        if (labels) labels[i] = None;
    }
    const double heights[5] = {kWaves[0].amplitude * m_morphology.p, kWaves[1].amplitude,
                               kWaves[2].amplitude * m_rScale, kWaves[3].amplitude,
                               kWaves[4].amplitude * m_morphology.t};
    // Beats from before the frame starts to after it ends, so edges hold partial beats.
    double r = -m_rng.uniform(0.0, 1.0) * m_meanRr - m_meanRr;
    double previousRr = m_meanRr;
    while (r < duration + 2.0 * m_meanRr) {
        double rr;
        if (m_rhythm.fibrillation) {
            rr = m_meanRr * (1.0 + 0.2 * m_rng.normal());
            rr = std::clamp(rr, 0.3, 2.0);
        } else {
            rr = m_meanRr *
                 (1.0 + 0.04 * std::sin(2 * kPi * m_respFreq * r + m_respPhase) +
                  0.02 * std::sin(2 * kPi * 0.1 * r + m_mayerPhase) + 0.01 * m_rng.normal());
        }
        // Faster hearts: waves wider in phase (narrower in time less than the R-R shrinks).
        const double beatRr = previousRr;
        const double hrFactor = std::sqrt(1.0 / beatRr);
        const double hrFactor2 = std::sqrt(hrFactor);
        const double positionScale[5] = {hrFactor2, hrFactor, 1.0, hrFactor, hrFactor2};
        const Index first =
            std::max<Index>(0, static_cast<Index>(std::floor((r - 0.75 * beatRr) * kRate)));
        const Index last = std::min<Index>(
            m_length - 1, static_cast<Index>(std::ceil((r + 0.75 * beatRr) * kRate)));
        for (Index i = first; i <= last; ++i) {
            const double theta = 2 * kPi * (static_cast<double>(i) / kRate - r) / beatRr;
            double z = 0;
            double d[5];
            for (int w = 0; w < 5; ++w) {
                const double width = kWaves[w].width * hrFactor;
                d[w] = (theta - kWaves[w].theta * positionScale[w]) / width;
                if (w == 0 && m_rhythm.fibrillation) continue;  // no P waves in AF
                z += heights[w] * std::exp(-d[w] * d[w] / 2);
            }
            out[i] += static_cast<float>(m_gain * z);
            if (!labels) continue;
            // Distances in widths: the QRS spans Q's start to S's end; P and T their centres'.
            const double qrs = d[1] < -kQrsReach  ? -d[1] - kQrsReach + 1
                               : d[3] > kQrsReach ? d[3] - kQrsReach + 1
                                                  : 0.0;
            const double candidates[3][2] = {
                {m_rhythm.fibrillation ? std::numeric_limits<double>::infinity()
                                       : std::abs(d[0]) - kPtReach + 1,
                 double(PWave)},
                {qrs, double(Qrs)},
                {std::abs(d[4]) - kPtReach + 1, double(TWave)}};
            auto& best = nearest[static_cast<std::size_t>(i)];
            for (const auto& c : candidates)
                if (c[0] <= 1.0 && c[0] < best) {
                    best = c[0];
                    labels[i] = static_cast<int>(c[1]);
                }
        }
        previousRr = rr;
        r += rr;
    }
}

void EcgBeats::addRhythmNoise(double noise, float* out) {
    const double wanderFreq = m_rng.uniform(0.1, 0.4), wanderPhase = m_rng.uniform(0, 2 * kPi);
    const double wanderAmp = noise * m_rng.uniform(0.5, 2.0);
    const double fAmp = m_rhythm.fibrillation ? m_rng.uniform(0.03, 0.08) : 0.0;
    const double fFreq = m_rng.uniform(4.0, 8.0);
    double fPhase = m_rng.uniform(0, 2 * kPi);
    for (Index i = 0; i < m_length; ++i) {
        const double t = static_cast<double>(i) / kRate;
        double v = wanderAmp * std::sin(2 * kPi * wanderFreq * t + wanderPhase);
        if (m_rhythm.fibrillation) {
            fPhase += 2 * kPi * fFreq / kRate + 0.3 * m_rng.normal() / kRate * 10.0;
            v += fAmp * std::sin(fPhase);
        }
        v += 0.3 * noise * m_rng.normal();
        out[i] += static_cast<float>(v);
    }
}

}  // namespace byom
