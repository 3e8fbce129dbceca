#pragma once

#include <optional>
#include <string>

#include "core/data/dataset.h"
#include "core/data/normalizer.h"
#include "core/model/trainedmodel.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"
#include "core/train/trainer.h"

namespace byom {

/// What to train, on what, how: the one description both `byom train` and the GUI use.
struct TrainingRequest {
    json architecture;                // {"name", "params"}
    std::optional<int> numClasses;    // a head size the architecture demands (checked)
    std::optional<Shape> inputShape;  // an input the architecture was designed for (checked)
    /// Train the architecture exactly as it is (the app's stacks: what is shown is what
    /// trains): no head is added, and data it does not fit is refused. Needs inputShape.
    bool exact = false;
    ModelFactory factory = ModelFactory::withBuiltins();
    TrainConfig config;
    bool lossGiven = false;  // false: regression data switches the default loss to mse
    std::string dataSpec;
    std::string baseDir = ".";  // relative data paths are resolved against it
};

/// One training run from a request: prepare() loads the data, splits it, builds and initialises
/// the model; run() trains and returns the trained model with its manifest and metrics.
/// Runs on whatever thread calls it; the observer and control connect it to a UI.
class TrainingJob {
public:
    explicit TrainingJob(TrainingRequest request);

    /// Throws Error (bad data, a model that does not fit the data, bad config).
    void prepare();
    /// prepare() first when it was not called.
    TrainResult run(TrainObserver* observer = nullptr, TrainControl* control = nullptr);

    const Dataset& data() const { return m_data; }
    const Dataset& trainSet() const { return m_train; }
    const Dataset& validationSet() const { return m_val; }
    Model<float>& model() { return *m_trained.model; }
    const TrainConfig& config() const { return m_request.config; }
    /// After run(): the model with its metadata and final metrics, and the run's manifest.
    TrainedModel& trained() { return m_trained; }
    const RunManifest& manifest() const { return m_manifest; }

private:
    TrainingRequest m_request;
    bool m_prepared = false;
    Dataset m_data, m_train, m_val;       // a regression's m_train and m_val: standardised targets
    std::optional<Normalizer> m_targets;  // regression targets' standardisation, when fitted
    std::optional<Normalizer> m_inputs;   // the inputs' normalisation, when fitted
    Mat<float> m_evalTargets;             // the final metrics' targets as loaded
    TrainedModel m_trained;
    RunManifest m_manifest;
};

}  // namespace byom
