#pragma once

#include <memory>
#include <string>

#include "core/data/dataset.h"
#include "core/model/model.h"
#include "core/train/history.h"
#include "core/train/loss.h"
#include "core/train/optimizer.h"
#include "core/train/trainconfig.h"
#include "core/train/trainobserver.h"

namespace byom {

/// Why fit() returned.
enum class StopReason { Completed, Stopped, EarlyStopped, Diverged };

struct TrainResult {
    History history;
    StopReason reason = StopReason::Completed;
    std::string message;  // for Stopped/EarlyStopped/Diverged: where and what was kept
    int bestEpoch = 0;    // the epoch whose weights are best by the monitored metric (1-based)
    bool restoredBest = false;
};

/// Loss and accuracy of a model on a data set.
struct Evaluation {
    double loss = NAN;
    double accuracy = NAN;  // NaN for regression
};

/// Mini-batch training of a Model<float> on a Dataset, one thread, deterministic for a seed.
class Trainer {
public:
    Trainer(Model<float>& model, TrainConfig config);

    /// Trains config.epochs epochs on `train`, validating on `val` (may be null) after each.
    TrainResult fit(const Dataset& train, const Dataset* val, TrainObserver* observer = nullptr,
                    TrainControl* control = nullptr);
    Evaluation evaluate(const Dataset& data);

    /// Per-class loss weights the config asks for on this training set (empty: unweighted).
    /// Balanced weights are n / (classes * count); for targets per time step the counts are of
    /// time steps, and each time step of a batch is weighted by its class.
    static std::vector<float> classWeights(const TrainConfig& config, const Dataset& train);

private:
    void gatherBatch(const Dataset& data, const std::vector<Index>& order, Index start, Index n);

    Model<float>& m_model;
    TrainConfig m_config;
    std::unique_ptr<Loss<float>> m_loss;
    std::unique_ptr<Optimizer> m_optimizer;
    Mat<float> m_xb, m_yb, m_grad;
    Vec<float> m_wb;  // the batch's weights per sample (per time step for sequences)
    std::vector<float> m_classWeights;
};

/// Fraction of columns (of time steps, with `steps` > 1) whose largest output matches the
/// label; labels from sample `offset` on.
double accuracy(const Mat<float>& output, const std::vector<int>& labels, Index offset = 0,
                Index steps = 1);
/// How many of column `column`'s `steps` time steps (runs of rows / steps outputs) have their
/// largest output at the label of sample `sample` (labels: `steps` per sample).
Index correctSteps(const Mat<float>& output, Index column, const std::vector<int>& labels,
                   Index sample, Index steps);

}  // namespace byom
