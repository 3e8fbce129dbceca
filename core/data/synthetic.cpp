#include "core/data/synthetic.h"

#include <cmath>
#include <numbers>

#include "core/data/ecgdenoise.h"
#include "core/data/ecgrhythm.h"
#include "core/data/ecgsegmentation.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

Dataset twoFeatureSet(const std::string& name, Index n, int classes) {
    Dataset d;
    d.name = name;
    d.task = Task::Classification;
    d.inputShape = Shape{2};
    d.featureNames = {"x1", "x2"};
    d.x.resize(2, n);
    d.labels.resize(static_cast<std::size_t>(n));
    for (int k = 0; k < classes; ++k) d.classNames.push_back("class " + std::to_string(k));
    return d;
}

}  // namespace

Dataset makeSpirals(const SyntheticOptions& opt) {
    Dataset d = twoFeatureSet("spirals", opt.n, opt.classes);
    Rng rng(opt.seed);
    constexpr double kTurns = 1.25;
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % opt.classes);
        const double t = rng.uniform();  // position along the arm, 0 at the centre
        const double angle = 2.0 * std::numbers::pi * (kTurns * t + double(k) / opt.classes);
        const double r = t;
        d.x(0, j) = static_cast<float>(r * std::cos(angle) + opt.noise * rng.normal());
        d.x(1, j) = static_cast<float>(r * std::sin(angle) + opt.noise * rng.normal());
        d.labels[j] = k;
    }
    d.oneHotFromLabels();
    return d;
}

Dataset makeMoons(const SyntheticOptions& opt) {
    Dataset d = twoFeatureSet("moons", opt.n, 2);
    Rng rng(opt.seed);
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % 2);
        const double t = std::numbers::pi * rng.uniform();
        const double x = k == 0 ? std::cos(t) : 1.0 - std::cos(t);
        const double y = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
        d.x(0, j) = static_cast<float>(x + opt.noise * rng.normal());
        d.x(1, j) = static_cast<float>(y + opt.noise * rng.normal());
        d.labels[j] = k;
    }
    d.oneHotFromLabels();
    return d;
}

Dataset makeCircles(const SyntheticOptions& opt) {
    Dataset d = twoFeatureSet("circles", opt.n, 2);
    Rng rng(opt.seed);
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % 2);  // 0: outer circle, 1: inner
        const double t = 2.0 * std::numbers::pi * rng.uniform();
        const double r = k == 0 ? 1.0 : 0.5;
        d.x(0, j) = static_cast<float>(r * std::cos(t) + opt.noise * rng.normal());
        d.x(1, j) = static_cast<float>(r * std::sin(t) + opt.noise * rng.normal());
        d.labels[j] = k;
    }
    d.oneHotFromLabels();
    return d;
}

Dataset makeXor(const SyntheticOptions& opt) {
    Dataset d = twoFeatureSet("xor", opt.n, 2);
    Rng rng(opt.seed);
    constexpr double kPadding = 0.1;  // keeps the classes apart at the axes before noise
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % 2);  // balanced: alternate classes, random quadrant
        const double sa = rng.uniform() < 0.5 ? -1.0 : 1.0;
        const double sb = k == 0 ? sa : -sa;
        const double a = sa * (kPadding + rng.uniform(0.0, 1.0 - kPadding));
        const double b = sb * (kPadding + rng.uniform(0.0, 1.0 - kPadding));
        d.labels[j] = k;
        d.x(0, j) = static_cast<float>(a + opt.noise * rng.normal());
        d.x(1, j) = static_cast<float>(b + opt.noise * rng.normal());
    }
    d.oneHotFromLabels();
    return d;
}

Dataset makeBlobs(const SyntheticOptions& opt) {
    Dataset d = twoFeatureSet("blobs", opt.n, opt.classes);
    Rng rng(opt.seed);
    std::vector<std::pair<double, double>> centres;
    for (int k = 0; k < opt.classes; ++k) {
        const double cx = rng.uniform(-1.0, 1.0);
        centres.emplace_back(cx, rng.uniform(-1.0, 1.0));
    }
    const double spread = 0.15 + opt.noise;
    for (Index j = 0; j < opt.n; ++j) {
        const int k = static_cast<int>(j % opt.classes);
        d.x(0, j) = static_cast<float>(centres[k].first + spread * rng.normal());
        d.x(1, j) = static_cast<float>(centres[k].second + spread * rng.normal());
        d.labels[j] = k;
    }
    d.oneHotFromLabels();
    return d;
}

Dataset makeSine(const SyntheticOptions& opt) {
    Dataset d;
    d.name = "sine";
    d.task = Task::Regression;
    d.inputShape = Shape{1};
    d.featureNames = {"x"};
    d.x.resize(1, opt.n);
    d.y.resize(1, opt.n);
    Rng rng(opt.seed);
    for (Index j = 0; j < opt.n; ++j) {
        const double x = rng.uniform(-std::numbers::pi, std::numbers::pi);
        d.x(0, j) = static_cast<float>(x);
        d.y(0, j) = static_cast<float>(std::sin(x) + opt.noise * rng.normal());
    }
    return d;
}

const std::vector<std::string>& syntheticNames() {
    static const std::vector<std::string> names = {
        "spirals", "moons",      "circles",          "xor",        "blobs",
        "sine",    "ecg-rhythm", "ecg-segmentation", "ecg-denoise"};
    return names;
}

Dataset makeSynthetic(const std::string& name, const SyntheticOptions& opt) {
    if (opt.n < 2 || opt.n > 10'000'000)
        throw Error("synthetic " + name + ": n must be between 2 and 10,000,000, got " +
                    std::to_string(opt.n));
    if (opt.classes < 2 || opt.classes > 100)
        throw Error("synthetic " + name + ": classes must be between 2 and 100, got " +
                    std::to_string(opt.classes));
    if (!(opt.noise >= 0.0 && opt.noise <= 10.0))
        throw Error("synthetic " + name + ": noise must be between 0 and 10");
    if (name == "spirals") return makeSpirals(opt);
    if (name == "moons") return makeMoons(opt);
    if (name == "circles") return makeCircles(opt);
    if (name == "xor") return makeXor(opt);
    if (name == "blobs") return makeBlobs(opt);
    if (name == "sine") return makeSine(opt);
    if (name == "ecg-rhythm") return makeEcgRhythm(opt);
    if (name == "ecg-segmentation") return makeEcgSegmentation(opt);
    if (name == "ecg-denoise") return makeEcgDenoise(opt);
    std::string msg = "unknown synthetic data set \"" + name + "\"";
    const std::string near = nearest(name, syntheticNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(syntheticNames(), ", ") + ")");
}

}  // namespace byom
