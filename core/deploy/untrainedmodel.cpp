#include "core/deploy/untrainedmodel.h"

#include "core/registry/architecturejson.h"
#include "core/registry/modelfactory.h"

namespace byom {

TrainedModel untrainedModel(const Project& project, const StackEntry& stack) {
    json architecture = architectureJson(stack);
    const ModelFactory factory = ModelFactory::withArchitectures(project.architectures);
    std::vector<LayerSpec> specs =
        factory.expand(architecture.at("name").get<std::string>(), stack.inputShape,
                       architecture.at("params"), stack.numClasses);
    return untrainedModel(std::make_unique<Model<float>>(std::move(specs), stack.inputShape),
                          std::move(architecture), stack.numClasses);
}

TrainedModel untrainedModel(std::unique_ptr<Model<float>> model, json architecture,
                            std::optional<int> numClasses) {
    TrainedModel trained;
    trained.model = std::move(model);
    trained.model->init(1);
    trained.architecture = std::move(architecture);
    trained.numClasses = numClasses;
    return trained;
}

}  // namespace byom
