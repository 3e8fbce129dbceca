#include "core/deploy/untrainedmodel.h"

#include "core/registry/architecturejson.h"
#include "core/registry/modelfactory.h"

namespace byom {

TrainedModel untrainedModel(const Project& project, const StackEntry& stack) {
    TrainedModel trained;
    trained.architecture = architectureJson(stack);
    trained.numClasses = stack.numClasses;
    const ModelFactory factory = ModelFactory::withArchitectures(project.architectures);
    std::vector<LayerSpec> specs =
        factory.expand(trained.architecture.at("name").get<std::string>(), stack.inputShape,
                       trained.architecture.at("params"), stack.numClasses);
    trained.model = std::make_unique<Model<float>>(std::move(specs), stack.inputShape);
    trained.model->init(1);
    return trained;
}

}  // namespace byom
