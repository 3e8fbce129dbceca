#include "core/project/trainingrequests.h"

#include "core/registry/architecturejson.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"
#include "core/util/error.h"

namespace byom {

namespace {

ModelFactory projectFactory(const Project& project) {
    try {
        return ModelFactory::withArchitectures(project.architectures);
    } catch (const Error& e) {
        throw Error(std::string("architectures: ") + e.what());
    }
}

}  // namespace

TrainingRequest stackTrainingRequest(const Project& project, const std::string& stackName,
                                     const std::string& baseDir) {
    const StackEntry& stack = project.stack(stackName);
    TrainingRequest request;
    request.architecture = architectureJson(stack);
    request.exact = true;
    request.inputShape = stack.inputShape;
    request.numClasses = stack.numClasses;
    request.factory = projectFactory(project);
    request.config = project.training;
    request.dataSpec = project.data;
    request.baseDir = baseDir.empty() ? std::string(".") : baseDir;
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

    TrainingRequest request;
    request.architecture = architectureJson(layers);
    request.exact = true;
    request.inputShape = Shape(shape.get<std::vector<Index>>());
    request.numClasses = manifest.numClasses;
    request.factory = projectFactory(project);
    request.config = manifest.config;
    request.dataSpec = manifest.dataSpec;
    request.baseDir = baseDir.empty() ? std::string(".") : baseDir;
    return request;
}

}  // namespace byom
