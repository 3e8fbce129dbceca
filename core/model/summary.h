#pragma once

#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/schema/paramspec.h"

namespace byom {

/// One row of a model summary.
struct SummaryRow {
    std::string name;  // label or kind_N, as Keras names layers
    std::string kind;
    Shape outputShape;
    Index params = 0;
    long long flops = 0;
};

/// Keras-style summary of a model plus FLOPs and a training-memory estimate.
struct ModelSummary {
    std::string title;
    Shape inputShape;
    std::vector<SummaryRow> rows;
    Index trainable = 0;
    Index nonTrainable = 0;
    long long flops = 0;            // per sample, forward
    long long trainingBytes = 0;    // weights, gradients, Adam moments and activations at batch 32

    Index total() const { return trainable + nonTrainable; }
    std::string toText() const;
    json toJson() const;
};

ModelSummary summarize(const Model<float>& model, const std::string& title = "model",
                       Index batchSize = 32);

}  // namespace byom
