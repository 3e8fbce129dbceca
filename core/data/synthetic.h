#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/schema/paramspec.h"

namespace byom {

/// Options shared by the synthetic generators (each uses what applies to it).
struct SyntheticOptions {
    Index n = 1000;        // samples
    int classes = 3;       // classes (spirals, blobs)
    double noise = 0.1;    // noise scale
    std::uint64_t seed = 1;
};

/// K interleaved spiral arms in 2-D, one class per arm (TensorFlow Playground's spiral, K arms).
Dataset makeSpirals(const SyntheticOptions& opt);
/// Two interleaving half circles (scikit-learn's make_moons), 2 classes.
Dataset makeMoons(const SyntheticOptions& opt);

/// Names of the synthetic generators available.
const std::vector<std::string>& syntheticNames();
/// Builds a named synthetic set; throws Error naming the known ones.
Dataset makeSynthetic(const std::string& name, const SyntheticOptions& opt);

}  // namespace byom
