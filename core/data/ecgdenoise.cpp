#include "core/data/ecgdenoise.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "core/data/ecgbeats.h"

namespace byom {

namespace {

constexpr double kPi = std::numbers::pi;

/// One frame's noise before scaling: weighted baseline wander, EMG-like bursts, powerline.
void makeNoise(Rng& rng, std::vector<double>& v) {
    const auto length = static_cast<Index>(v.size());
    const double wander = rng.uniform(), emg = rng.uniform(), powerline = rng.uniform();
    double drift[2][3];  // frequency, phase, amplitude of two drifts
    for (auto& f : drift) {
        f[0] = rng.uniform(0.1, 1.5);
        f[1] = rng.uniform(0, 2 * kPi);
        f[2] = rng.uniform(0.5, 1.0);
    }
    // EMG-like: white noise under an envelope of muscle bursts (0.3 to 1.3 s).
    const double burstFreq = rng.uniform(0.3, 1.5), burstPhase = rng.uniform(0, 2 * kPi);
    const double hz = rng.uniform() < 0.5 ? 50.0 : 60.0;
    const double linePhase = rng.uniform(0, 2 * kPi);
    for (Index i = 0; i < length; ++i) {
        const double t = double(i) / EcgBeats::kRate;
        double w = 0;
        for (const auto& f : drift) w += f[2] * std::sin(2 * kPi * f[0] * t + f[1]);
        const double envelope = 0.3 + std::max(0.0, std::sin(2 * kPi * burstFreq * t + burstPhase));
        v[static_cast<std::size_t>(i)] = wander * w + emg * envelope * rng.normal() +
                                         powerline * std::sin(2 * kPi * hz * t + linePhase);
    }
}

}  // namespace

Dataset makeEcgDenoise(const SyntheticOptions& opt) {
    Dataset d = EcgBeats::sequenceSet("ecg-denoise", Task::Regression, opt.n, opt.length, 1);
    d.y.resize(opt.length, opt.n);
    Rng rng(opt.seed);
    std::vector<double> noise(static_cast<std::size_t>(opt.length));
    for (Index j = 0; j < opt.n; ++j) {
        float* clean = d.y.col(j).data();
        EcgBeats::sequenceFrame(rng, j, opt.length).render(clean);
        makeNoise(rng, noise);
        double signal = 0, power = 0;
        for (Index i = 0; i < opt.length; ++i) {
            signal += double(clean[i]) * double(clean[i]);
            power += noise[static_cast<std::size_t>(i)] * noise[static_cast<std::size_t>(i)];
        }
        const double snrDb = rng.uniform(kEcgDenoiseMinSnrDb, kEcgDenoiseMaxSnrDb);
        const double scale =
            power > 0 ? std::sqrt(signal / power * std::pow(10.0, -snrDb / 10)) : 0;
        for (Index i = 0; i < opt.length; ++i)
            d.x(i, j) = static_cast<float>(clean[i] + scale * noise[static_cast<std::size_t>(i)]);
    }
    return d;
}

}  // namespace byom
