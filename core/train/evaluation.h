#pragma once

#include <string>

#include "core/data/dataset.h"
#include "core/data/normalizer.h"
#include "core/model/model.h"
#include "core/schema/paramspec.h"

namespace byom {

/// Samples per forward pass when predicting or evaluating many rows: 512, or fewer when the
/// model's activations per sample are large, so that its buffers stay near 256 MiB.
Index evaluationChunk(const Model<float>& model);

/// The model's outputs (after the output activation) for every sample, in inference mode:
/// (outputs x N). Runs an InferencePlan of the model (BatchNorm folded, in cache-sized chunks,
/// on ThreadCount threads); a caller predicting again and again keeps its own plan.
Mat<float> predictAll(const Model<float>& model, const Mat<float>& x);

/// Loss and the task's metrics of a model on a data set, as JSON: loss, accuracy, weighted_f1,
/// macro_f1, per_class, confusion_matrix, class_names for classifiers; loss, mae, rmse, r2 (and
/// per_target with several targets) for regression. `targets`: the standardisation of the
/// targets the model learnt in; its outputs are turned back into the target's units before
/// the loss and metrics, against data.y in the target's units.
///
/// Sequence targets are scored per time step: a segmenter's counts are of time steps, and a
/// (T, C) regression's per_target are its C channels, each pooled over every time step. When
/// the targets have the input's shape (a denoiser: noisy frame in, clean frame out), the JSON
/// also holds snr_in_db, snr_out_db and snr_improvement_db (see denoiseMetrics), comparing the
/// outputs with the inputs in the input's units: `inputs` is the normalisation already applied
/// to data.x (none: data.x is as loaded).
/// The task's metrics of outputs `out` (in the target's units) on `data`, as evaluateModel
/// gives them but without the loss.
json outputMetrics(const Mat<float>& out, const Dataset& data, const Normalizer* inputs = nullptr);

json evaluateModel(Model<float>& model, const Dataset& data, const std::string& loss,
                   const Normalizer* targets = nullptr, const Normalizer* inputs = nullptr);

}  // namespace byom
