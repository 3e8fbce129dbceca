#include "core/train/runframes.h"

#include <cmath>

#include "core/data/normalizer.h"
#include "core/train/evaluation.h"
#include "core/train/metrics.h"
#include "core/util/error.h"

namespace byom {

std::optional<RunFrames> runFrames(const RunManifest& manifest, const TrainedModel& trained,
                                   const Dataset& data, const std::string& dataSpec) {
    if (!data.sequenceTargets() || manifest.dataSpec != dataSpec) return std::nullopt;
    if (!trained.model || trained.model->inputShape().size() != data.x.rows() ||
        trained.model->outputShape() != data.targetShape)
        return std::nullopt;
    // The run's own validation split, normalised as the run saw it.
    std::pair<Dataset, Dataset> split =
        splitDataset(data, manifest.config.valSplit, manifest.config.seed);
    RunFrames frames;
    frames.validation = split.second.size() > 0;
    frames.shown = std::move(frames.validation ? split.second : split.first);
    frames.inputs = frames.shown.x;
    if (!trained.normalization.is_null())
        Normalizer::fromJson(trained.normalization).apply(frames.inputs);
    return frames;
}

namespace {

/// Channel 0 of each time step of a channels-last (steps * channels) column.
std::vector<float> firstChannel(const Mat<float>& m, Index column, Index steps) {
    const Index channels = m.rows() / steps;
    std::vector<float> out(static_cast<std::size_t>(steps));
    for (Index s = 0; s < steps; ++s) out[static_cast<std::size_t>(s)] = m(s * channels, column);
    return out;
}

}  // namespace

FramePrediction predictFrame(const TrainedModel& trained, const RunFrames& frames, Index index) {
    const Dataset& d = frames.shown;
    if (index < 0 || index >= d.size())
        throw Error("frame " + std::to_string(index) + " of " + std::to_string(d.size()));
    const Index steps = d.steps();
    const Index perStep = d.targetShape[1];
    Mat<float> out = predictAll(*trained.model, frames.inputs.col(index));
    if (!trained.targetNormalization.is_null())
        Normalizer::fromTargetJson(trained.targetNormalization).invert(out);
    FramePrediction p;
    p.input = firstChannel(d.x, index, d.inputShape.rank() == 2 ? d.inputShape[0] : d.x.rows());
    if (d.task == Task::Classification) {
        p.predicted = argmaxSteps(out, perStep);
        const auto first = d.labels.begin() + static_cast<std::ptrdiff_t>(index * steps);
        p.truth.assign(first, first + static_cast<std::ptrdiff_t>(steps));
        Index right = 0;
        for (Index s = 0; s < steps; ++s)
            right +=
                p.truth[static_cast<std::size_t>(s)] == p.predicted[static_cast<std::size_t>(s)];
        p.accuracy = steps ? double(right) / double(steps) : 0.0;
        return p;
    }
    p.target = firstChannel(d.y, index, steps);
    p.output = firstChannel(out, 0, steps);
    p.denoiser = d.targetShape == d.inputShape;
    if (p.denoiser) {
        // The mean over one frame is the frame's; a frame without noise is left out there.
        const DenoiseMetrics m = denoiseMetrics(d.x.col(index), out, d.y.col(index));
        p.snrInDb = m.frames ? m.snrInDb : INFINITY;
        p.snrOutDb = m.frames ? m.snrOutDb : INFINITY;
    }
    return p;
}

}  // namespace byom
