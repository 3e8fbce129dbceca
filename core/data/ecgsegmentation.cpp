#include "core/data/ecgsegmentation.h"

#include <cmath>
#include <numbers>

#include "core/data/ecgbeats.h"

namespace byom {

namespace {

const char* const kNames[4] = {"none", "p_wave", "qrs", "t_wave"};

}  // namespace

Dataset makeEcgSegmentation(const SyntheticOptions& opt) {
    Dataset d =
        EcgBeats::sequenceSet("ecg-segmentation", Task::Classification, opt.n, opt.length, 4);
    d.labels.resize(static_cast<std::size_t>(opt.n * opt.length));
    for (const char* name : kNames) d.classNames.emplace_back(name);
    Rng rng(opt.seed);
    for (Index j = 0; j < opt.n; ++j) {
        float* x = d.x.col(j).data();
        EcgBeats beats = EcgBeats::sequenceFrame(rng, j, opt.length);
        beats.render(x, d.labels.data() + j * opt.length);
        beats.addRhythmNoise(opt.noise, x);
        const double hz = rng.uniform() < 0.5 ? 50.0 : 60.0;
        const double amp = rng.uniform(0.0, 0.05), phase = rng.uniform(0, 2 * std::numbers::pi);
        for (Index i = 0; i < opt.length; ++i)
            x[i] += static_cast<float>(
                amp * std::sin(2 * std::numbers::pi * hz * double(i) / EcgBeats::kRate + phase));
    }
    d.oneHotFromLabels();
    return d;
}

}  // namespace byom
