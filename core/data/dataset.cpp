#include "core/data/dataset.h"

#include <cmath>

namespace byom {

Dataset Dataset::subset(const std::vector<Index>& indices) const {
    Dataset d;
    d.name = name;
    d.task = task;
    d.inputShape = inputShape;
    d.targetShape = targetShape;
    d.classNames = classNames;
    d.featureNames = featureNames;
    const Index n = static_cast<Index>(indices.size());
    const Index t = steps();
    d.x.resize(x.rows(), n);
    d.y.resize(y.rows(), n);
    if (!labels.empty()) d.labels.reserve(static_cast<std::size_t>(n * t));
    for (Index j = 0; j < n; ++j) {
        d.x.col(j) = x.col(indices[j]);
        d.y.col(j) = y.col(indices[j]);
        if (labels.empty()) continue;
        const auto first = labels.begin() + static_cast<std::ptrdiff_t>(indices[j] * t);
        d.labels.insert(d.labels.end(), first, first + static_cast<std::ptrdiff_t>(t));
    }
    return d;
}

void Dataset::oneHotFromLabels() {
    // Column-major: (K x N*T) is ((T * K) x N), each time step's K classes in a run.
    const Index t = steps();
    const auto cells = static_cast<Index>(labels.size());
    Mat<float> perStep = Mat<float>::Zero(numClasses(), cells);
    for (Index i = 0; i < cells; ++i) perStep(labels[static_cast<std::size_t>(i)], i) = 1.0f;
    y = Eigen::Map<const Mat<float>>(perStep.data(), numClasses() * t, cells / t);
}

std::vector<Index> Dataset::classCounts() const {
    std::vector<Index> counts(classNames.size(), 0);
    for (int l : labels) ++counts[l];
    return counts;
}

std::pair<Dataset, Dataset> splitDataset(const Dataset& data, double restFraction,
                                         std::uint64_t seed) {
    Rng rng(seed);
    std::vector<Index> keep;
    std::vector<Index> rest;
    auto splitGroup = [&](std::vector<Index>& group) {
        rng.shuffle(group);
        const auto nRest = static_cast<std::size_t>(
            std::llround(restFraction * static_cast<double>(group.size())));
        rest.insert(rest.end(), group.begin(), group.begin() + nRest);
        keep.insert(keep.end(), group.begin() + nRest, group.end());
    };
    if (data.task == Task::Classification && !data.labels.empty() && !data.sequenceTargets()) {
        std::vector<std::vector<Index>> byClass(data.classNames.size());
        for (Index j = 0; j < data.size(); ++j) byClass[data.labels[j]].push_back(j);
        for (auto& group : byClass) splitGroup(group);
    } else {
        std::vector<Index> all(data.size());
        for (Index j = 0; j < data.size(); ++j) all[j] = j;
        splitGroup(all);
    }
    // Keep the file's order within each part: a split is a selection, not a shuffle.
    std::sort(keep.begin(), keep.end());
    std::sort(rest.begin(), rest.end());
    return {data.subset(keep), data.subset(rest)};
}

}  // namespace byom
