#include "core/project/trainingrequests.h"

#include "core/registry/architecturejson.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"
#include "core/util/error.h"

namespace byom {

namespace {

/// What every request of `project` shares: trained exactly as described, with the project's
/// architectures, from files relative to `baseDir`.
TrainingRequest projectRequest(const Project& project, json architecture, const Shape& input,
                               std::optional<int> numClasses, const std::string& baseDir) {
    TrainingRequest request;
    request.architecture = std::move(architecture);
    request.exact = true;
    request.inputShape = input;
    request.numClasses = numClasses;
    try {
        request.factory = ModelFactory::withArchitectures(project.architectures);
    } catch (const Error& e) {
        throw Error(std::string("architectures: ") + e.what());
    }
    request.baseDir = baseDir.empty() ? std::string(".") : baseDir;
    return request;
}

}  // namespace

TrainingRequest stackTrainingRequest(const Project& project, const std::string& stackName,
                                     const std::string& baseDir) {
    const StackEntry& stack = project.stack(stackName);
    TrainingRequest request = projectRequest(project, architectureJson(stack), stack.inputShape,
                                             stack.numClasses, baseDir);
    request.config = project.training;
    request.dataSpec = project.data;
    return request;
}

TrainingRequest rerunRequest(const Project& project, const RunRecord& run,
                             const std::string& baseDir) {
    const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
    if (manifest.dataSpec.empty())
        throw Error(run.name +
                    " has no data spec (an imported model): train its stack on a data set "
                    "instead");
    const std::string name = manifest.architecture.value("name", std::string());
    if (name != "stack")
        throw Error(run.name + " was trained from architecture \"" + name +
                    "\"; only runs of a layer stack can be re-run here");
    const json& shape = run.model.is_object() ? run.model.value("input_shape", json()) : json();
    if (!shape.is_array() || shape.empty())
        throw Error(run.name + " does not record the input shape its model took");
    std::vector<LayerSpec> layers = LayerSpec::listFromJson(
        manifest.architecture.value("params", json::object()).value("layers", json::array()),
        run.name + ".architecture.params.layers");
    // Runs from before stacks trained exactly as shown got their softmax head added out of
    // sight: the re-run trains the same model, with the head in the open.
    appendClassifierHead(layers, manifest.numClasses);

    TrainingRequest request =
        projectRequest(project, architectureJson(layers), Shape(shape.get<std::vector<Index>>()),
                       manifest.numClasses, baseDir);
    request.config = manifest.config;
    request.dataSpec = manifest.dataSpec;
    return request;
}

}  // namespace byom
