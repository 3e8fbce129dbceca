#include "core/data/dataset.h"

#include <cmath>

namespace byom {

Dataset Dataset::subset(const std::vector<Index>& indices) const {
    Dataset d;
    d.name = name;
    d.task = task;
    d.inputShape = inputShape;
    d.classNames = classNames;
    d.featureNames = featureNames;
    const Index n = static_cast<Index>(indices.size());
    d.x.resize(x.rows(), n);
    d.y.resize(y.rows(), n);
    for (Index j = 0; j < n; ++j) {
        d.x.col(j) = x.col(indices[j]);
        d.y.col(j) = y.col(indices[j]);
        if (!labels.empty()) d.labels.push_back(labels[indices[j]]);
    }
    return d;
}

void Dataset::oneHotFromLabels() {
    y = Mat<float>::Zero(numClasses(), static_cast<Index>(labels.size()));
    for (std::size_t j = 0; j < labels.size(); ++j) y(labels[j], static_cast<Index>(j)) = 1.0f;
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
        const auto nRest =
            static_cast<std::size_t>(std::llround(restFraction * static_cast<double>(group.size())));
        rest.insert(rest.end(), group.begin(), group.begin() + nRest);
        keep.insert(keep.end(), group.begin() + nRest, group.end());
    };
    if (data.task == Task::Classification && !data.labels.empty()) {
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
