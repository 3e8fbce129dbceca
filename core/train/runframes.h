#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/model/trainedmodel.h"
#include "core/train/manifest.h"

namespace byom {

/// The frames a kept run with outputs per time step is shown on: the run's validation split
/// (its training split when it kept none), as loaded and as the model reads it.
struct RunFrames {
    Dataset shown;           // the split, inputs and targets as loaded
    Mat<float> inputs;       // its inputs normalised as the run saw them
    bool validation = true;  // false: the run kept no validation split; these are its training
};

/// The frames of a run of `manifest` with model `trained` on `data`, loaded from `dataSpec`;
/// nullopt unless the run trained a model with outputs per time step on that data spec.
/// Splits and normalises the whole data set: on a big data set, call it off the GUI thread.
std::optional<RunFrames> runFrames(const RunManifest& manifest, const TrainedModel& trained,
                                   const Dataset& data, const std::string& dataSpec);

/// What the model makes of one frame, with the frame itself, per time step.
struct FramePrediction {
    std::vector<float> input;  // the frame's first input channel, as loaded
    /// Segmentation (classification per step): true and predicted class per step, and the
    /// share of steps predicted right.
    std::vector<int> truth, predicted;
    double accuracy = 0.0;
    /// Regression per step: the target's and the model's first channel, in the target's
    /// units. A denoiser (targets of the input's shape) also gets the frame's SNRs in dB (see
    /// denoiseMetrics; both infinite when the frame has no noise).
    std::vector<float> target, output;
    double snrInDb = 0.0, snrOutDb = 0.0;
    bool denoiser = false;
};

/// The model's prediction for frame `index` of `frames`, as `byom predict` makes it (the
/// same inference path, outputs turned back into the target's units). One frame is cheap.
FramePrediction predictFrame(const TrainedModel& trained, const RunFrames& frames, Index index);

}  // namespace byom
