#pragma once

#include <string>

#include "core/project/project.h"
#include "core/train/trainingjob.h"

namespace byom {

/// The request that trains the stack `stackName` of `project` (the first when empty) exactly
/// as it is designed (what is shown is what trains: no head is added, data of another shape is
/// refused), with the project's architectures, training config and data set. `baseDir` is the
/// project file's directory (relative data paths). Both front ends train a stack through it.
/// Throws Error for an unknown stack or architectures that do not register.
TrainingRequest stackTrainingRequest(const Project& project, const std::string& stackName,
                                     const std::string& baseDir);

/// The request that trains a kept run of `project` again: the stack its manifest recorded,
/// for the input its model took, on the same data spec with the same config (seed included),
/// with the project's architectures. Throws Error saying why a run cannot be re-run (an
/// imported model has no data spec; a run of a named architecture is not a stack).
TrainingRequest rerunRequest(const Project& project, const RunRecord& run,
                             const std::string& baseDir);

}  // namespace byom
