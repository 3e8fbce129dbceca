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
        objectParam("schedule", std::make_shared<Schema>(Schedule::schema()),
                    "Learning-rate schedule."),
        objectParam(
            "early_stopping",
            std::make_shared<Schema>(Schema{
                boolParam("enabled", false, "Stop when the monitored metric stalls."),
                enumParam("monitor", "val_loss", {"val_loss", "val_accuracy", "loss", "accuracy"},
                          "The metric watched (validation metrics need a validation split)."),
                orNull(
                    intParam("patience", 5, 1, 100000,
                             "Epochs without improvement before stopping (null: 25% of epochs).")),
                floatParam("min_delta", 0.0, 0.0, 1e9,
                           "Smallest change that counts as improvement."),
                boolParam("restore_best", true, "Restore the best epoch's weights at the end."),
            }),
            "Early stopping."),
        enumParam("class_weights", "none", {"none", "balanced", "custom"},
                  "Weight the loss per class: balanced = n / (classes * count)."),
        listParam("class_weight_values",
                  floatParam("weight", 1.0, 0.0, 1e6, "Weight of one class."), json::array(), 0,
                  65536, "Per-class weights when class_weights is custom."),
        enumParam("on_stop", "best", {"best", "last"}, "Which weights Stop keeps."),
        floatParam("clipnorm", 0.0, 0.0, 1e9, "Clip the gradient to this global norm (0: off)."),
        enumParam("normalization", "standard", {"standard", "minmax", "none"},
                  "Input scaling, fitted on the training split and stored with the model."),
    };
    return s;
}

json TrainConfig::toJson() const {
    return {{"epochs", epochs},
            {"batch_size", batchSize},
            {"learning_rate", learningRate},
            {"optimizer", optimizer},
            {"loss", loss},
            {"seed", seed},
            {"val_split", valSplit},
            {"shuffle", shuffle},
            {"schedule", schedule.toJson()},
            {"early_stopping",
             {{"enabled", earlyStopping.enabled},
              {"monitor", earlyStopping.monitor},
              {"patience", earlyStopping.patience ? json(*earlyStopping.patience) : json(nullptr)},
              {"min_delta", earlyStopping.minDelta},
              {"restore_best", earlyStopping.restoreBest}}},
            {"class_weights", classWeights},
            {"class_weight_values", classWeightValues},
            {"on_stop", onStop},
            {"clipnorm", clipNorm},
            {"normalization", normalization}};
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
    c.schedule = Schedule::fromJson(full.at("schedule"));
    const json& es = full.at("early_stopping");
    c.earlyStopping.enabled = es.at("enabled").get<bool>();
    c.earlyStopping.monitor = es.at("monitor").get<std::string>();
    if (!es.at("patience").is_null()) c.earlyStopping.patience = es.at("patience").get<int>();
    c.earlyStopping.minDelta = es.at("min_delta").get<double>();
    c.earlyStopping.restoreBest = es.at("restore_best").get<bool>();
    c.classWeights = full.at("class_weights").get<std::string>();
    c.classWeightValues = full.at("class_weight_values").get<std::vector<double>>();
    c.onStop = full.at("on_stop").get<std::string>();
    c.clipNorm = full.at("clipnorm").get<double>();
    c.normalization = full.at("normalization").get<std::string>();
    if (c.classWeights == "custom" && c.classWeightValues.empty())
        throw ValidationError(std::vector<Problem>{
            {path + ".class_weight_values", "class_weights is custom: give one weight per class"}});
    return c;
}

}  // namespace byom
