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
struct Dataset {
    std::string name;
    Task task = Task::Classification;
    Shape inputShape;
    Mat<float> x;
    Mat<float> y;
    std::vector<int> labels;                // class index per sample (classification)
    std::vector<std::string> classNames;    // in class-index order
    std::vector<std::string> featureNames;  // may be empty
    std::vector<Index> missing;             // per feature: cells filled or dropped (loaders)
    Index droppedRows = 0;                  // rows skipped for missing values (CSV missing=drop)

    Index size() const { return x.cols(); }
    Index numClasses() const { return static_cast<Index>(classNames.size()); }
    Index outputs() const { return y.rows(); }
    /// The samples at `indices`, in that order.
    Dataset subset(const std::vector<Index>& indices) const;
    /// Sets y from labels as one-hot columns.
    void oneHotFromLabels();
    /// Samples per class.
    std::vector<Index> classCounts() const;
};

/// What a model must match to train on a data set: the shape of one sample, and one output per
/// class (classification) or per target (regression).
struct DataShape {
    Shape input;
    Task task = Task::Classification;
    Index outputs = 0;

    static DataShape of(const Dataset& data) {
        return {data.inputShape, data.task, data.outputs()};
    }
    bool operator==(const DataShape&) const = default;
};

/// Splits into (train, rest) with `restFraction` of the samples in rest; classification splits
/// are stratified (each class split in the same proportion). Seeded and deterministic.
std::pair<Dataset, Dataset> splitDataset(const Dataset& data, double restFraction,
                                         std::uint64_t seed);

}  // namespace byom
