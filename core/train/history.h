#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "core/schema/paramspec.h"

namespace byom {

/// Metrics at the end of one epoch. Validation values are NaN when there is no validation set;
/// accuracy is NaN for regression.
struct EpochRecord {
    int epoch = 0;  // 1-based
    double loss = NAN;
    double accuracy = NAN;
    double valLoss = NAN;
    double valAccuracy = NAN;
    double learningRate = NAN;
    double seconds = 0.0;  // wall time of the epoch
};

/// The per-epoch record of a run.
struct History {
    std::vector<EpochRecord> epochs;

    std::string toCsv() const;
    json toJson() const;
    static History fromJson(const json& j);
};

}  // namespace byom
