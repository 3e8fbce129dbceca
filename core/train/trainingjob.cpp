#include "core/train/trainingjob.h"

#include <chrono>
#include <cmath>

#include "core/data/dataspec.h"
#include "core/data/normalizer.h"
#include "core/model/datafit.h"
#include "core/train/evaluation.h"
#include "core/util/error.h"

namespace byom {

TrainingJob::TrainingJob(TrainingRequest request) : m_request(std::move(request)) {}

void TrainingJob::prepare() {
    TrainConfig& config = m_request.config;
    if (m_request.dataSpec.empty())
        throw Error("no data set: give a data spec (e.g. synthetic:spirals)");
    m_data = loadDataset(DataSpec::parse(m_request.dataSpec), m_request.baseDir);
    if (m_data.task == Task::Regression && !m_request.lossGiven &&
        config.loss == "categorical_crossentropy")
        config.loss = "mse";
    std::optional<int> numClasses;
    if (m_data.task == Task::Classification) numClasses = static_cast<int>(m_data.numClasses());
    // The head the builders add: a softmax unit per class, or a linear unit per target.
    const bool regression = m_data.task == Task::Regression;
    // Targets per time step: a head of that many channels at every step.
    const std::optional<int> headUnits =
        m_data.sequenceTargets() ? std::optional<int>(static_cast<int>(m_data.targetShape[1]))
        : regression             ? std::optional<int>(static_cast<int>(m_data.outputs()))
                                 : numClasses;
    if (m_request.numClasses && numClasses && *m_request.numClasses != *numClasses)
        throw Error("the architecture's head has " + std::to_string(*m_request.numClasses) +
                    " classes but the data has " + std::to_string(*numClasses));
    if (m_request.inputShape && m_request.inputShape->size() != m_data.inputShape.size())
        throw Error("the architecture takes input " + m_request.inputShape->toString() +
                    " but the data's samples are " + m_data.inputShape.toString());
    m_trained.architecture = m_request.architecture;
    m_trained.numClasses = numClasses;
    m_trained.task = m_data.task;
    m_trained.classNames = m_data.classNames;
    const Shape designed = m_request.inputShape.value_or(Shape{});
    if (m_request.exact && designed != m_data.inputShape)  // refused before building for it
        throw Error(*dataFitProblem(designed, {}, DataShape::of(m_data)));
    m_trained.model = m_request.factory.build(
        m_request.architecture.at("name").get<std::string>(), m_data.inputShape,
        m_request.architecture.at("params"), m_request.exact ? std::nullopt : headUnits,
        regression ? HeadKind::Linear : HeadKind::Softmax);
    if (m_request.exact) {
        if (const auto why =
                dataFitProblem(designed, m_trained.model->outputShape(), DataShape::of(m_data)))
            throw Error(*why);
    } else if (const auto why =
                   outputFitProblem(m_trained.model->outputShape(), m_data, m_request.dataSpec)) {
        throw Error(*why);
    }
    m_trained.model->init(config.seed);
    std::tie(m_train, m_val) = splitDataset(m_data, config.valSplit, config.seed);
    if (config.normalization != "none") {
        // Fitted on the training split only; the model file keeps it for predict and exports.
        const Normalizer norm =
            Normalizer::fit(m_train, Normalizer::parseMethod(config.normalization));
        norm.apply(m_train);
        if (m_val.size()) norm.apply(m_val);
        m_trained.normalization = norm.toJson();
        m_inputs = norm;
    }
    if (regression && config.normalization != "none" &&
        m_trained.model->outputShape().size() == m_train.outputs()) {
        // Targets too (mean and standard deviation of the training split's), so the network
        // learns values of order 1 whatever the target's units; predict, evaluate, the final
        // metrics and every export turn its outputs back into those units.
        m_targets = Normalizer::fitTargets(m_train, m_trained.model->outputShape());
        m_evalTargets = (m_val.size() ? m_val : m_train).y;
        m_targets->apply(m_train.y);
        if (m_val.size()) m_targets->apply(m_val.y);
        m_trained.targetNormalization = m_targets->toJson();
    }

    m_manifest.byomVersion = BYOM_VERSION;
    m_manifest.dataSpec = m_request.dataSpec;
    m_manifest.dataHash = datasetHash(m_data);
    m_manifest.architecture = m_request.architecture;
    m_manifest.architectureHash = jsonHash(m_request.architecture);
    m_manifest.numClasses = numClasses;
    m_manifest.config = config;
    m_prepared = true;
}

TrainResult TrainingJob::run(TrainObserver* observer, TrainControl* control) {
    if (!m_prepared) prepare();
    m_manifest.startedAt = isoTimestampUtc();
    const auto t0 = std::chrono::steady_clock::now();
    Trainer trainer(*m_trained.model, m_request.config);
    TrainResult result = trainer.fit(m_train, m_val.size() ? &m_val : nullptr, observer, control);
    m_manifest.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_manifest.outcome = result.reason == StopReason::Completed  ? "completed"
                         : result.reason == StopReason::Stopped  ? "stopped"
                         : result.reason == StopReason::Diverged ? "diverged"
                                                                 : "early_stopped";
    m_manifest.message = result.message;
    m_manifest.bestEpoch = result.bestEpoch;
    m_manifest.history = result.history;
    // Final metrics of the weights being kept, on the validation split (or the training data).
    const Dataset& evalSet = m_val.size() ? m_val : m_train;
    if (m_targets) {
        Dataset raw = evalSet;  // the targets as loaded, against the outputs turned back
        raw.y = m_evalTargets;
        m_trained.metrics = evaluateModel(*m_trained.model, raw, m_request.config.loss, &*m_targets,
                                          m_inputs ? &*m_inputs : nullptr);
    } else {
        m_trained.metrics = evaluateModel(*m_trained.model, evalSet, m_request.config.loss, nullptr,
                                          m_inputs ? &*m_inputs : nullptr);
    }
    m_trained.metrics["split"] = m_val.size() ? "validation" : "train";
    m_manifest.metrics = m_trained.metrics;
    return result;
}

}  // namespace byom
