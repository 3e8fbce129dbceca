#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/data/dataset.h"
#include "core/graph/cgraph.h"
#include "core/model/trainedmodel.h"
#include "core/quant/qgraph.h"

namespace byom {

/// What int8 costs, measured before anything is flashed: the float and int8 models on the same
/// rows (a validation split), side by side, and per layer the signal-to-quantisation-noise
/// ratio of its output.
struct QuantReport {
    struct Layer {
        std::string name;
        std::string kind;
        double sqnrDb = 0.0;  // 10 log10(sum f^2 / sum (f - q)^2), capped at kMaxSqnrDb
        bool isFloat = false;
    };
    static constexpr double kMaxSqnrDb = 100.0;
    /// A layer's output below this is marked (the usual warning line of int8 tools).
    static constexpr double kLowSqnrDb = 20.0;
    /// Rows the per-layer SQNR is measured on (the first of the data's rows).
    static constexpr Index kSqnrRows = 64;

    std::string data;  // where the rows came from
    Index rows = 0;
    bool classifier = true;
    double floatScore = 0.0;  // accuracy, or R² of a regression
    double int8Score = 0.0;
    double floatMacroF1 = 0.0;  // classifiers
    double int8MacroF1 = 0.0;
    double agreement = 0.0;  // classifiers: the share of rows (time steps) whose class agrees
    double maxDiff = 0.0;    // over every output value
    double meanDiff = 0.0;
    long long floatWeightBytes = 0;
    long long int8WeightBytes = 0;
    Index sqnrRows = 0;
    std::vector<Layer> layers;
    std::vector<std::pair<std::string, std::string>> floatLayers;

    /// `graph`: the float graph `q` was quantised from. `data`: raw rows with their targets.
    static QuantReport compute(const TrainedModel& m, const CGraph& graph, const QGraph& q,
                               const Dataset& data, const std::string& dataName,
                               const std::string& where);

    json toJson() const;
    static QuantReport fromJson(const json& j);
    std::string toText() const;
};

}  // namespace byom
