#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/schema/schema.h"

namespace byom {

/// What a training run is asked to do. JSON keys match the project file and the CLI flags.
struct TrainConfig {
    int epochs = 20;
    int batchSize = 32;
    double learningRate = 1e-3;
    std::string optimizer = "adam";
    std::string loss = "categorical_crossentropy";
    std::uint64_t seed = 1;
    double valSplit = 0.2;
    bool shuffle = true;

    json toJson() const;
    /// Reads a config, validating against schema(); throws ValidationError with JSON paths.
    static TrainConfig fromJson(const json& j, const std::string& path = "training");
    static const Schema& schema();
};

}  // namespace byom
