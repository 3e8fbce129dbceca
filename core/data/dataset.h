#pragma once

#include <string>
#include <vector>

#include "core/util/rng.h"
#include "core/util/tensor.h"

namespace byom {

enum class Task { Classification, Regression };
/// What a loader makes of the targets: Auto decides from them (see each loader).
enum class TaskMode { Auto, Classification, Regression };

/// A loaded data set in the engine's layout: x is (features x N) with one sample per column,
/// y is (classes x N) one-hot for classification or (targets x N) for regression.
///
/// Sequence targets (segmentation, denoising) keep the time axis: targetShape is (T, K), one
/// class per time step one-hot over K, or (T, C), C values per time step; y holds them
/// channels-last in its column ((T * K) x N), as a model with output (T, K) writes them.
struct Dataset {
    std::string name;
    Task task = Task::Classification;
    Shape inputShape;
    /// One sample's target when it keeps the time axis, (T, K) or (T, C); empty otherwise.
    Shape targetShape;
    Mat<float> x;
    Mat<float> y;
    /// Class index per sample (classification), or per time step of each sample for sequence
    /// targets: sample j's T steps at [j * T, (j + 1) * T).
    std::vector<int> labels;
    std::vector<std::string> classNames;    // in class-index order
    std::vector<std::string> featureNames;  // may be empty
    std::vector<Index> missing;             // per feature: cells filled or dropped (loaders)
    Index droppedRows = 0;                  // rows skipped for missing values (CSV missing=drop)

    Index size() const { return x.cols(); }
    /// Time steps per sample's target: T for sequence targets, 1 otherwise.
    Index steps() const { return targetShape.rank() == 2 ? targetShape[0] : 1; }
    bool sequenceTargets() const { return targetShape.rank() == 2; }
    Index numClasses() const { return static_cast<Index>(classNames.size()); }
    Index outputs() const { return y.rows(); }
    /// The samples at `indices`, in that order.
    Dataset subset(const std::vector<Index>& indices) const;
    /// Sets y from labels as one-hot columns.
    void oneHotFromLabels();
    /// Samples per class (time steps per class for sequence targets).
    std::vector<Index> classCounts() const;
};

/// What a model must match to train on a data set: the shape of one sample, and one output per
/// class (classification) or per target (regression), or exactly `target` for sequence targets.
struct DataShape {
    Shape input;
    Task task = Task::Classification;
    Index outputs = 0;
    Shape target;  // (T, K) or (T, C) for sequence targets, empty otherwise

    static DataShape of(const Dataset& data) {
        return {data.inputShape, data.task, data.outputs(), data.targetShape};
    }
    bool operator==(const DataShape&) const = default;
};

/// Splits into (train, rest) with `restFraction` of the samples in rest; classification splits
/// are stratified (each class split in the same proportion; not for sequence targets, whose
/// samples hold several classes). Seeded and deterministic.
std::pair<Dataset, Dataset> splitDataset(const Dataset& data, double restFraction,
                                         std::uint64_t seed);

}  // namespace byom
