#include "core/data/ecgrhythm.h"

#include "core/data/ecgbeats.h"
#include "core/util/error.h"

namespace byom {

namespace {

constexpr EcgBeats::Rhythm kRhythms[4] = {
    {60, 100, false}, {35, 55, false}, {105, 170, false}, {70, 150, true}};
const char* const kNames[4] = {"normal", "bradycardia", "tachycardia", "afib"};

}  // namespace

Dataset makeEcgRhythm(const SyntheticOptions& opt) {
    if (opt.classes < 2 || opt.classes > 4)
        throw Error(
            "synthetic ecg-rhythm: classes must be 2, 3 or 4 (normal, bradycardia, "
            "tachycardia, afib), got " +
            std::to_string(opt.classes));
    EcgBeats::checkLength("ecg-rhythm", opt.length);
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
        EcgBeats beats(rng, kRhythms[k], opt.length);
        beats.render(d.x.col(j).data());
        beats.addRhythmNoise(opt.noise, d.x.col(j).data());
        d.labels[static_cast<std::size_t>(j)] = k;
    }
    d.oneHotFromLabels();
    return d;
}

}  // namespace byom
