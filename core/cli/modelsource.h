#pragma once

#include <optional>
#include <string>

#include "core/cli/args.h"
#include "core/io/project.h"
#include "core/registry/modelfactory.h"
#include "core/schema/paramspec.h"
#include "core/util/tensor.h"

namespace byom {

/// Where a command's architecture comes from: `--project P [--arch NAME]` or `--params FILE`
/// (HeartKit NamedParams {"name", "params"}, or a whole HeartKit task config).
struct ModelSource {
    json architecture;                // {"name": ..., "params": ...}
    std::optional<Shape> inputShape;  // from the project stack or the task config
    std::optional<int> numClasses;
    std::optional<Project> project;
    std::string projectPath;
    /// A user architecture defined by the --params file itself (see ModelFactory::
    /// adoptDefinition).
    std::optional<json> definition;

    static ModelSource fromArgs(const Args& args);
    /// The registry the architecture is looked up in: built-ins plus the project's own.
    ModelFactory factory() const;
};

}  // namespace byom
