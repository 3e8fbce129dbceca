#pragma once

#include <string>
#include <vector>

#include "core/schema/paramspec.h"
#include "core/util/tensor.h"

namespace byom {

/// Classification metrics from predicted and true class indices.
struct ClassificationMetrics {
    std::vector<std::string> classNames;
    std::vector<std::vector<long long>> confusion;  // [true][predicted]
    double accuracy = 0.0;
    std::vector<double> precision;  // per class (0 when nothing was predicted as it)
    std::vector<double> recall;     // per class (0 when the class has no samples)
    std::vector<double> f1;
    std::vector<long long> support;  // true samples per class
    double weightedF1 = 0.0;         // F1 averaged with support weights

    json toJson() const;
    std::string toText() const;
};

ClassificationMetrics classificationMetrics(const std::vector<int>& truth,
                                            const std::vector<int>& predicted,
                                            const std::vector<std::string>& classNames);

/// Regression metrics: MAE and RMSE over all outputs pooled; R² = 1 - SS_res / SS_tot of each
/// target (output row), averaged over the targets (scikit-learn's r2_score).
struct RegressionMetrics {
    double mae = 0.0;
    double rmse = 0.0;
    double r2 = 0.0;
    std::vector<RegressionMetrics> perTarget;  // each target's, when there are several

    /// Reads what toJson writes.
    static RegressionMetrics fromJson(const json& j);
    json toJson() const;
    std::string toText() const;
};

/// predicted, truth: (outputs x N).
RegressionMetrics regressionMetrics(const Mat<float>& predicted, const Mat<float>& truth);

/// The index of the largest value of each column.
std::vector<int> argmaxColumns(const Mat<float>& m);

}  // namespace byom
