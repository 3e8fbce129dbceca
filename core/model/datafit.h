#pragma once

#include <optional>
#include <string>

#include "core/data/dataset.h"
#include "core/model/trainedmodel.h"

namespace byom {

/// Why a model with `input` and `output` shapes cannot train on data of shape `data` as it is,
/// in the user's words with the fix, or nothing when it fits. Nothing is adapted: what trains
/// is the model as designed.
std::optional<std::string> dataFitProblem(const Shape& input, const Shape& output,
                                          const DataShape& data);

/// Why a model's output of `output` cannot be trained on `data`'s targets, naming the data
/// set (as `source`, e.g. its data spec; data.name when empty), both shapes and the fix, or
/// nothing when it fits: one output per class or target of each sample, or exactly the data's
/// (T, K) / (T, C) for targets per time step.
std::optional<std::string> outputFitProblem(const Shape& output, const Dataset& data,
                                            const std::string& source = {});

/// Checks that a data set fits a trained model (features, task and classes) and numbers its
/// labels as the model numbers its classes: they are matched by name, so a file that lists its
/// classes in another order (or lacks one) still fits; a class the model does not know, other
/// features or another task is an Error naming both.
void fitDataToModel(const TrainedModel& m, Dataset& data);

}  // namespace byom
