#include "core/train/trainer.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "core/model/datafit.h"
#include "core/train/threadcount.h"
#include "core/util/error.h"

namespace byom {

namespace {

/// The optimizer constants a config sets (the rest keep their Keras defaults).
OptimizerOptions optimizerOptions(const TrainConfig& config) {
    OptimizerOptions o;
    o.clipNorm = config.clipNorm;
    o.momentum = config.momentum;
    o.nesterov = config.nesterov;
    o.weightDecay = config.weightDecay;
    o.l2 = config.l2;
    return o;
}

}  // namespace

double accuracy(const Mat<float>& output, const std::vector<int>& labels, Index offset,
                Index steps) {
    Index correct = 0;
    for (Index j = 0; j < output.cols(); ++j)
        correct += correctSteps(output, j, labels, offset + j, steps);
    return output.cols() ? double(correct) / double(output.cols() * steps) : NAN;
}

Index correctSteps(const Mat<float>& output, Index column, const std::vector<int>& labels,
                   Index sample, Index steps) {
    const Index k = output.rows() / steps;
    const int* truth = labels.data() + sample * steps;
    Index correct = 0;
    for (Index s = 0; s < steps; ++s) {
        Index best = 0;
        output.col(column).segment(s * k, k).maxCoeff(&best);
        if (best == truth[s]) ++correct;
    }
    return correct;
}

Trainer::Trainer(Model<float>& model, TrainConfig config)
    : m_model(model),
      m_config(std::move(config)),
      m_loss(makeLoss<float>(m_config.loss)),
      m_optimizer(
          makeOptimizer(m_config.optimizer, m_config.learningRate, optimizerOptions(m_config))) {
    m_loss->setOutput(m_model.outputActivation(), m_model.outputShape());
    ThreadCount::fromEnvironment();
}

std::vector<float> Trainer::classWeights(const TrainConfig& config, const Dataset& train) {
    if (config.classWeights == "none" || train.task != Task::Classification) return {};
    const std::size_t k = train.classNames.size();
    std::vector<float> w(k, 1.0f);
    if (config.classWeights == "custom") {
        if (config.classWeightValues.size() != k)
            throw Error("class_weight_values has " +
                        std::to_string(config.classWeightValues.size()) +
                        " weights but the data has " + std::to_string(k) + " classes");
        for (std::size_t c = 0; c < k; ++c) w[c] = static_cast<float>(config.classWeightValues[c]);
        return w;
    }
    // balanced: n / (classes * count), scikit-learn's and Keras's convention; for targets per
    // time step, n and the counts are of time steps over the whole split.
    const std::vector<Index> counts = train.classCounts();
    const double n = double(train.size()) * double(train.steps());
    for (std::size_t c = 0; c < k; ++c)
        w[c] = counts[c] ? static_cast<float>(n / (double(k) * double(counts[c]))) : 0.0f;
    return w;
}

void Trainer::gatherBatch(const Dataset& data, const std::vector<Index>& order, Index start,
                          Index n) {
    m_xb.resize(data.x.rows(), n);
    m_yb.resize(data.y.rows(), n);
    for (Index j = 0; j < n; ++j) {
        m_xb.col(j) = data.x.col(order[start + j]);
        m_yb.col(j) = data.y.col(order[start + j]);
    }
    if (m_classWeights.empty()) return;
    // One weight per sample, or per time step (sample-major) for targets per time step.
    const Index steps = data.steps();
    m_wb.resize(n * steps);
    for (Index j = 0; j < n; ++j)
        for (Index s = 0; s < steps; ++s)
            m_wb(j * steps + s) =
                m_classWeights[data.labels[static_cast<std::size_t>(order[start + j] * steps + s)]];
}

namespace {

/// The value of the monitored metric in an epoch record, and whether larger is better.
double monitored(const EpochRecord& r, const std::string& monitor, bool& higherIsBetter) {
    higherIsBetter = monitor == "accuracy" || monitor == "val_accuracy";
    if (monitor == "val_loss") return r.valLoss;
    if (monitor == "val_accuracy") return r.valAccuracy;
    if (monitor == "accuracy") return r.accuracy;
    return r.loss;
}

}  // namespace

TrainResult Trainer::fit(const Dataset& train, const Dataset* val, TrainObserver* observer,
                         TrainControl* control) {
    using Clock = std::chrono::steady_clock;
    if (train.size() == 0) throw Error("the training set is empty");
    if (train.x.rows() != m_model.inputShape().size())
        throw Error("the data has " + std::to_string(train.x.rows()) +
                    " features per sample but the model's input " +
                    m_model.inputShape().toString() + " takes " +
                    std::to_string(m_model.inputShape().size()));
    if (const auto why = outputFitProblem(m_model.outputShape(), train)) throw Error(*why);
    if (m_loss->classification() != (train.task == Task::Classification))
        throw Error("loss " + m_loss->name() + " does not suit a " +
                    (train.task == Task::Classification ? "classification" : "regression") +
                    " data set");
    m_classWeights = classWeights(m_config, train);
    if (!m_classWeights.empty() && train.sequenceTargets() &&
        !m_loss->name().starts_with("categorical") &&
        m_loss->name() != "sparse_categorical_crossentropy")
        throw Error("class_weights " + m_config.classWeights +
                    " on targets per time step need a "
                    "softmax loss (categorical_crossentropy, sparse_categorical_crossentropy or "
                    "categorical_focal_crossentropy), not " +
                    m_loss->name());
    const EarlyStopping& es = m_config.earlyStopping;
    // Validation metrics fall back to training metrics when there is no validation set.
    std::string monitor = es.monitor;
    const bool hasVal = val && val->size() > 0;
    if (!hasVal && monitor.starts_with("val_")) monitor = monitor.substr(4);
    if (train.task == Task::Regression && monitor.ends_with("accuracy"))
        monitor = hasVal ? "val_loss" : "loss";

    TrainResult result;
    Rng shuffleRng(m_config.seed ^ 0x9E3779B97F4A7C15ULL);
    std::vector<Index> order(train.size());
    for (Index j = 0; j < train.size(); ++j) order[j] = j;
    const Index batch = std::min<Index>(m_config.batchSize, train.size());
    const Index steps = train.steps();  // accuracy counts time steps for sequence targets
    const int batches = static_cast<int>((train.size() + batch - 1) / batch);
    const long long totalSteps = static_cast<long long>(batches) * m_config.epochs;
    long long step = 0;
    Vec<float> lastGood = m_model.params();
    Vec<float> lastGoodState = m_model.state();
    Vec<float> best = lastGood;
    Vec<float> bestState = lastGoodState;
    double bestValue = NAN;
    int sinceBest = 0;
    const Vec<float>* weights = m_classWeights.empty() ? nullptr : &m_wb;

    auto restoreBest = [&] {
        if (result.bestEpoch == 0) return;
        m_model.params() = best;
        m_model.state() = bestState;
        result.restoredBest = true;
    };

    for (int epoch = 1; epoch <= m_config.epochs; ++epoch) {
        const auto t0 = Clock::now();
        if (m_config.shuffle) shuffleRng.shuffle(order);
        double lossSum = 0.0;
        Index correct = 0;
        for (int b = 0; b < batches; ++b) {
            const Index start = static_cast<Index>(b) * batch;
            const Index n = std::min<Index>(batch, train.size() - start);
            gatherBatch(train, order, start, n);
            const Mat<float>& out = m_model.forward(m_xb, true);
            const float loss = m_loss->compute(m_model.logits(), out, m_model.outputActivation(),
                                               m_yb, m_grad, weights);
            if (!std::isfinite(loss)) {
                m_model.params() = lastGood;
                m_model.state() = lastGoodState;
                result.reason = StopReason::Diverged;
                result.message = "the loss became " +
                                 std::string(std::isnan(loss) ? "NaN" : "Inf") + " at epoch " +
                                 std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                                 "; kept the weights of the last finished epoch (try a lower "
                                 "learning rate or normalised inputs)";
                return result;
            }
            if (train.task == Task::Classification)
                for (Index j = 0; j < n; ++j)
                    correct += correctSteps(out, j, train.labels, order[start + j], steps);
            m_model.backward(m_grad);
            m_optimizer->setLearningRate(
                m_config.schedule.rate(m_config.learningRate, step++, totalSteps));
            m_optimizer->step(m_model.params(), m_model.grads());
            lossSum += static_cast<double>(loss) * static_cast<double>(n);
            const BatchEvent event{epoch,
                                   m_config.epochs,
                                   b + 1,
                                   batches,
                                   lossSum / double(start + n),
                                   train.task == Task::Classification
                                       ? double(correct) / double((start + n) * steps)
                                       : NAN};
            if (observer) observer->onBatchEnd(event);
            if (control) {
                if (observer && control->pause.load() && !control->stop.load())
                    observer->onPause(event);
                while (control->pause.load() && !control->stop.load())
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                if (control->stop.load()) {
                    result.reason = StopReason::Stopped;
                    result.message = "stopped at epoch " + std::to_string(epoch) + ", batch " +
                                     std::to_string(b + 1);
                    if (m_config.onStop == "best" && result.bestEpoch > 0) {
                        restoreBest();
                        result.message += "; kept the weights of epoch " +
                                          std::to_string(result.bestEpoch) + " (best " + monitor +
                                          ")";
                    } else {
                        result.message += "; kept the last weights";
                    }
                    return result;
                }
            }
        }
        EpochRecord rec;
        rec.epoch = epoch;
        rec.loss = lossSum / double(train.size());
        if (train.task == Task::Classification)
            rec.accuracy = double(correct) / double(train.size() * steps);
        if (hasVal) {
            const Evaluation e = evaluate(*val);
            rec.valLoss = e.loss;
            rec.valAccuracy = e.accuracy;
        }
        rec.learningRate = m_optimizer->learningRate();
        rec.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        result.history.epochs.push_back(rec);
        lastGood = m_model.params();
        lastGoodState = m_model.state();

        bool higher = false;
        const double value = monitored(rec, monitor, higher);
        const bool improved = std::isnan(bestValue) || (higher ? value > bestValue + es.minDelta
                                                               : value < bestValue - es.minDelta);
        if (improved && std::isfinite(value)) {
            bestValue = value;
            result.bestEpoch = epoch;
            best = m_model.params();
            bestState = m_model.state();
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        if (observer) observer->onEpochEnd(rec, m_config.epochs);
        if (es.enabled && sinceBest >= es.effectivePatience(m_config.epochs) &&
            epoch < m_config.epochs) {
            result.reason = StopReason::EarlyStopped;
            result.message = "early stopping at epoch " + std::to_string(epoch) + ": " + monitor +
                             " has not improved for " + std::to_string(sinceBest) + " epochs";
            if (es.restoreBest) {
                restoreBest();
                result.message += "; restored epoch " + std::to_string(result.bestEpoch);
            }
            return result;
        }
    }
    if (es.enabled && es.restoreBest) restoreBest();
    return result;
}

Evaluation Trainer::evaluate(const Dataset& data) {
    Evaluation e;
    if (data.size() == 0) return e;
    // Chunks of the training batch size, copied into the training batch buffers: the model's
    // activation buffers keep their size, so switching between training and validation does
    // not reallocate them (only a last partial chunk does).
    const Index chunk = std::max<Index>(1, m_config.batchSize);
    double lossSum = 0.0;
    Index correct = 0;
    for (Index start = 0; start < data.size(); start += chunk) {
        const Index n = std::min(chunk, data.size() - start);
        m_xb.resize(data.x.rows(), n);
        m_yb.resize(data.y.rows(), n);
        m_xb = data.x.middleCols(start, n);
        m_yb = data.y.middleCols(start, n);
        const Mat<float>& out = m_model.forward(m_xb, false);
        lossSum += double(m_loss->compute(m_model.logits(), out, m_model.outputActivation(), m_yb,
                                          m_grad)) *
                   double(n);
        if (data.task == Task::Classification)
            for (Index j = 0; j < n; ++j)
                correct += correctSteps(out, j, data.labels, start + j, data.steps());
    }
    e.loss = lossSum / double(data.size());
    if (data.task == Task::Classification)
        e.accuracy = double(correct) / double(data.size() * data.steps());
    return e;
}

}  // namespace byom
