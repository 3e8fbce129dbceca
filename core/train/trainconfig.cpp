#include "core/train/trainconfig.h"

#include "core/train/loss.h"
#include "core/train/optimizer.h"

namespace byom {

const Schema& TrainConfig::schema() {
    static const Schema s{
        intParam("epochs", 20, 1, 100000, "Passes over the training data."),
        intParam("batch_size", 32, 1, 65536, "Samples per gradient step."),
        floatParam("learning_rate", 1e-3, 1e-9, 10.0, "Step size of the optimizer."),
        enumParam("optimizer", "adam", optimizerNames(), "The optimizer."),
        enumParam("loss", "categorical_crossentropy", lossNames(), "The loss to minimise."),
        intParam("seed", 1, 0, 4294967295LL, "Seed for initialisation, splits and shuffling."),
        floatParam("val_split", 0.2, 0.0, 0.9, "Fraction of the data held out for validation."),
        boolParam("shuffle", true, "Shuffle the training data every epoch."),
    };
    return s;
}

json TrainConfig::toJson() const {
    return {{"epochs", epochs},       {"batch_size", batchSize}, {"learning_rate", learningRate},
            {"optimizer", optimizer}, {"loss", loss},            {"seed", seed},
            {"val_split", valSplit},  {"shuffle", shuffle}};
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& path) {
    std::vector<Problem> problems;
    schema().validate(j, path, "the training config", problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    const json full = schema().withDefaults(j);
    TrainConfig c;
    c.epochs = full.at("epochs").get<int>();
    c.batchSize = full.at("batch_size").get<int>();
    c.learningRate = full.at("learning_rate").get<double>();
    c.optimizer = full.at("optimizer").get<std::string>();
    c.loss = full.at("loss").get<std::string>();
    c.seed = full.at("seed").get<std::uint64_t>();
    c.valSplit = full.at("val_split").get<double>();
    c.shuffle = full.at("shuffle").get<bool>();
    return c;
}

}  // namespace byom
