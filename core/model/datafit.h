#pragma once

#include <optional>
#include <string>

#include "core/data/dataset.h"

namespace byom {

/// Why a model with `input` and `output` shapes cannot train on data of shape `data` as it is,
/// in the user's words with the fix, or nothing when it fits. Nothing is adapted: what trains
/// is the model as designed.
std::optional<std::string> dataFitProblem(const Shape& input, const Shape& output,
                                          const DataShape& data);

}  // namespace byom
