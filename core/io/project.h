#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"
#include "core/train/trainconfig.h"
#include "core/util/tensor.h"

namespace byom {

/// Version 2 added runs and the data set's content hash ("data" became an object); version 3
/// keeps each run's history as columns (a 100,000-epoch run's project: 29.4 MB before, 5.4 MB).
/// Older files are migrated when opened.
inline constexpr int kProjectFormatVersion = 3;

/// A layer stack being designed: a name, its input shape, the classes of its head.
struct StackEntry {
    std::string name;
    Shape inputShape;
    std::optional<int> numClasses;
    std::vector<LayerSpec> layers;

    bool operator==(const StackEntry&) const = default;
};

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

    json toJson() const;
    /// Validates everything and throws ValidationError listing every problem (JSON paths).
    /// Older format versions are migrated; newer ones are refused. Takes `j` by value so that
    /// a caller handing it over (std::move) does not copy the runs' weights.
    static Project fromJson(json j);
    /// The stack named `name`, or the first when `name` is empty; throws Error otherwise.
    const StackEntry& stack(const std::string& name = {}) const;
};

Project loadProject(const std::string& path);
void saveProject(const std::string& path, const Project& project);

}  // namespace byom
