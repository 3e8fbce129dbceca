#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "cli/args.h"
#include "core/project/project.h"
#include "core/registry/modelfactory.h"
#include "core/schema/paramspec.h"
#include "core/train/manifest.h"
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
    /// The file the architecture comes from (project, params file or run manifest): errors
    /// about the architecture start with its name.
    std::string file;
    /// A user architecture defined by the --params file itself (see ModelFactory::
    /// adoptDefinition).
    std::optional<json> definition;
    /// A project's layer stack: trained exactly as it is, as the app trains it (no head added).
    bool exact = false;

    /// From --project P [--arch NAME] or --params FILE, with --input-shape and --classes
    /// (when the command takes them) over the file's.
    static ModelSource fromArgs(const Args& args);
    /// The architecture a run recorded in its manifest (read from `path`).
    static ModelSource fromRun(const RunManifest& run, const std::string& path);
    /// The registry the architecture is looked up in: built-ins plus the project's own.
    ModelFactory factory() const;
    std::string name() const;
    /// The architecture's layers and its model on inputShape (a UsageError when there is
    /// none), with numClasses; errors name `file`.
    std::vector<LayerSpec> expand() const;
    std::unique_ptr<Model<float>> build() const;
    /// Prints one line per key the architecture accepts without effect (keys HeartKit's
    /// classes drop, fields read nowhere): "warning: FILE: PATH: why".
    void printWarnings(std::ostream& err) const;
};

}  // namespace byom
