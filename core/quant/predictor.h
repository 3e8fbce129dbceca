#pragma once

#include <string>

#include "core/model/trainedmodel.h"

namespace byom {

/// A model's outputs for raw samples, as `byom predict` writes them: the stored input
/// normalisation applied, the engine's inference plan run (or, for an int8 model, the integer
/// engine on its QGraph), a regression model's outputs turned back into the target's units.
class Predictor {
public:
    /// `raw`: (inputs x N). `where` names the model in errors.
    static Mat<float> outputs(const TrainedModel& m, const Mat<float>& raw,
                              const std::string& where);
    /// The float network's outputs, also for an int8 model (what it was quantised from).
    static Mat<float> floatOutputs(const TrainedModel& m, const Mat<float>& raw,
                                   const std::string& where);
};

}  // namespace byom
