#pragma once

#include <memory>
#include <optional>

#include "core/model/trainedmodel.h"
#include "core/project/project.h"

namespace byom {

/// A stack of `project` as `byom deploy --project P --arch STACK` budgets it: built exactly as
/// designed (no head added) with the project's architectures, fresh weights standing in for
/// trained ones (only their count matters to a budget). Throws Error saying why a stack does
/// not build.
TrainedModel untrainedModel(const Project& project, const StackEntry& stack);

/// `model` (built from `architecture`) with fresh weights, as a budget takes it: what
/// `byom deploy` uses for --project and --params alike.
TrainedModel untrainedModel(std::unique_ptr<Model<float>> model, json architecture,
                            std::optional<int> numClasses);

}  // namespace byom
