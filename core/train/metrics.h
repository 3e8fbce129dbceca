#pragma once

#include <string>
#include <vector>

#include "core/schema/paramspec.h"
#include "core/util/tensor.h"

namespace byom {

/// Classification metrics from predicted and true class indices (one per sample, or one per
/// time step of each sample for sequence outputs: then every count is of time steps).
struct ClassificationMetrics {
    std::vector<std::string> classNames;
    std::vector<std::vector<long long>> confusion;  // [true][predicted]
    double accuracy = 0.0;
    std::vector<double> precision;  // per class (0 when nothing was predicted as it)
    std::vector<double> recall;     // per class (0 when the class has no samples)
    std::vector<double> f1;
    std::vector<long long> support;  // true samples per class
    double weightedF1 = 0.0;         // F1 averaged with support weights
    double macroF1 = 0.0;            // F1 averaged over the classes that occur (true or predicted)

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
/// The index of the largest value of each run of `classes` rows: one per column for a (K)
/// output, one per time step for a (T, K) one, in sample-major order (N * T).
std::vector<int> argmaxSteps(const Mat<float>& m, Index classes);

/// Signal-to-noise ratios of a denoiser over frames: for each frame (a column) with clean
/// target y, noisy input x and output o, in dB,
///   in = 10 log10(|y|^2 / |x - y|^2),  out = 10 log10(|y|^2 / |o - y|^2),
///   improvement = out - in = 10 log10(|x - y|^2 / |o - y|^2),
/// each averaged over the frames (frames without noise, x = y, are left out: their ratio is
/// infinite). Residual energies are floored at 1e-12 of the frame's energy.
struct DenoiseMetrics {
    double snrInDb = 0.0;
    double snrOutDb = 0.0;
    double improvementDb = 0.0;
    Index frames = 0;  // frames counted
};
/// x, output, clean: (values x N) in the same units.
DenoiseMetrics denoiseMetrics(const Mat<float>& x, const Mat<float>& output,
                              const Mat<float>& clean);

}  // namespace byom
