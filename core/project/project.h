#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/model/stackentry.h"
#include "core/train/trainconfig.h"
#include "core/util/tensor.h"

namespace byom {

/// One training run kept in a project: its manifest (config, seed, data hash, history,
/// metrics) and the trained model (byom-model JSON with weights), both validated on load.
struct RunRecord {
    std::string name;
    std::string stack;  // the stack it was trained from
    json manifest;      // byom-run JSON
    json model;         // byom-model JSON

    bool operator==(const RunRecord&) const = default;
};

/// A `.byom` project: the open stacks, the user's registered architectures, the data set
/// reference and the training config. See docs/formats.md.
struct Project {
    std::vector<StackEntry> stacks;
    /// Architectures registered under a name (the registry's user entries), in registration
    /// order; each can be built on its own or used as a block ("architecture" layer) in a stack.
    std::vector<StackEntry> architectures;
    std::string data;      // a data spec string; csv/npy paths relative to the project file
    std::string dataHash;  // content hash of the data when it was last loaded (may be empty)
    TrainConfig training;
    std::vector<RunRecord> runs;

    /// The stack named `name`, or the first when `name` is empty; throws Error otherwise.
    const StackEntry& stack(const std::string& name = {}) const;
};

}  // namespace byom
