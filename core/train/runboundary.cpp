#include "core/train/runboundary.h"

#include "core/data/normalizer.h"

namespace byom {

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
    RunBoundary b;
    for (Index j = 0; j < shown.size() && j < maxPoints; ++j) {
        b.x.push_back(shown.x(0, j));
        b.y.push_back(shown.x(1, j));
        b.labels.push_back(shown.labels[static_cast<std::size_t>(j)]);
    }
    b.grid = computeDecisionGrid(*trained.model, shown.x);
    return b;
}

}  // namespace byom
