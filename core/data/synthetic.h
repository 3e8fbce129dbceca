#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/schema/paramspec.h"

namespace byom {

/// Options shared by the synthetic generators (each uses what applies to it).
struct SyntheticOptions {
    Index n = 1000;      // samples
    int classes = 3;     // classes (spirals, blobs)
    double noise = 0.1;  // noise scale
    std::uint64_t seed = 1;
    Index length =
        800;  // samples per frame (ecg-rhythm; data specs give the ECG sequence sets 256)
};

/// K interleaved spiral arms in 2-D, one class per arm (TensorFlow Playground's spiral, K arms).
Dataset makeSpirals(const SyntheticOptions& opt);
/// Two interleaving half circles (scikit-learn's make_moons), 2 classes.
Dataset makeMoons(const SyntheticOptions& opt);

/// Two concentric circles, radii 1 and 0.5 (scikit-learn's make_circles), 2 classes.
Dataset makeCircles(const SyntheticOptions& opt);
/// Points in [-1, 1]^2 kept 0.1 off the axes, class 1 where x1 and x2 have opposite signs
/// (TensorFlow Playground's XOR), balanced; the noise moves points after labelling.
Dataset makeXor(const SyntheticOptions& opt);
/// Gaussian blobs around K seeded centres in [-1, 1]^2, spread 0.15 + noise.
Dataset makeBlobs(const SyntheticOptions& opt);
/// Regression: y = sin(x) + noise * N(0, 1) for x uniform in [-pi, pi]; 1 feature, 1 target.
Dataset makeSine(const SyntheticOptions& opt);

/// Names of the synthetic generators available.
const std::vector<std::string>& syntheticNames();
/// Builds a named synthetic set; throws Error naming the known ones.
Dataset makeSynthetic(const std::string& name, const SyntheticOptions& opt);

}  // namespace byom
