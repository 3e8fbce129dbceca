#include "core/train/runboundary.h"

#include "core/data/normalizer.h"

namespace byom {

const Dataset& shownSplit(const Dataset& train, const Dataset& validation) {
    return validation.size() ? validation : train;
}

BoundaryPoints boundaryPoints(const Dataset& shown, Index maxPoints) {
    BoundaryPoints p;
    for (Index j = 0; j < shown.size() && j < maxPoints; ++j) {
        p.x.push_back(shown.x(0, j));
        p.y.push_back(shown.x(1, j));
        p.labels.push_back(shown.labels[static_cast<std::size_t>(j)]);
    }
    return p;
}

std::optional<RunBoundary> runBoundary(const RunManifest& manifest, TrainedModel& trained,
                                       const Dataset& data, const std::string& dataSpec,
                                       Index maxPoints) {
    if (data.task != Task::Classification || data.inputShape != Shape{2}) return std::nullopt;
    if (manifest.dataSpec != dataSpec) return std::nullopt;  // trained on other data
    if (!trained.model || trained.model->inputShape() != Shape{2}) return std::nullopt;
    // The run's own validation split, normalised as the run saw it.
    std::pair<Dataset, Dataset> split =
        splitDataset(data, manifest.config.valSplit, manifest.config.seed);
    Dataset& shown = split.second.size() ? split.second : split.first;
    if (!trained.normalization.is_null()) Normalizer::fromJson(trained.normalization).apply(shown);
    return RunBoundary{boundaryPoints(shown, maxPoints),
                       computeDecisionGrid(*trained.model, shown.x)};
}

}  // namespace byom
