#include "core/cli/modelsource.h"

#include <algorithm>

#include "core/io/fileio.h"
#include "core/registry/paramsfile.h"
#include "core/util/error.h"

namespace byom {

ModelSource ModelSource::fromArgs(const Args& args) {
    ModelSource src;
    if (args.has("project") == args.has("params"))
        throw UsageError("give exactly one of --project P or --params FILE");
    if (const auto projectPath = args.get("project")) {
        src.projectPath = *projectPath;
        src.project = loadProject(*projectPath);
        const std::string arch = args.get("arch").value_or("");
        const bool isStack =
            arch.empty() || std::any_of(src.project->stacks.begin(), src.project->stacks.end(),
                                        [&](const StackEntry& s) { return s.name == arch; });
        if (isStack) {
            const StackEntry& stack = src.project->stack(arch);
            src.architecture = {{"name", "stack"},
                                {"params", {{"layers", LayerSpec::listToJson(stack.layers)}}}};
            src.inputShape = stack.inputShape;
            src.numClasses = stack.numClasses;
            return src;
        }
        // A registered architecture of the project (or a built-in) with its example params.
        const ModelFactory factory = src.factory();
        src.architecture = {{"name", arch}, {"params", factory.get(arch).example}};
        for (const StackEntry& s : src.project->architectures)
            if (s.name == arch) {
                src.inputShape = s.inputShape;
                src.numClasses = s.numClasses;
            }
        return src;
    }
    if (args.has("arch")) throw UsageError("--arch needs --project");
    const ParamsFile file = ParamsFile::read(*args.get("params"));
    src.architecture = file.architecture();
    if (ModelFactory::withBuiltins().adoptDefinition(file.name, file.params))
        src.definition = src.architecture;
    src.numClasses = file.numClasses;
    src.inputShape = file.inputShape;
    return src;
}

ModelFactory ModelSource::factory() const {
    if (!project) {
        ModelFactory f = ModelFactory::withBuiltins();
        if (definition)
            f.adoptDefinition((*definition)["name"].get<std::string>(), (*definition)["params"]);
        return f;
    }
    try {
        return ModelFactory::forProject(*project);
    } catch (const Error& e) {
        throw Error(projectPath + ": architectures: " + e.what());
    }
}

}  // namespace byom
