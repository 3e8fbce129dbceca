#pragma once

#include <set>
#include <string>

#include "core/data/dataset.h"
#include "core/model/trainedmodel.h"
#include "core/quant/qgraph.h"
#include "core/quant/quantreport.h"
#include "core/train/manifest.h"

namespace byom {

/// `byom quantize` and the Deploy panel's quantisation: a trained model quantised on rows of
/// its data and reported on others.
class RunQuantizer {
public:
    struct Result {
        QGraph graph;
        QuantReport report;
        std::string calibration;  // where the calibration rows came from
        Index samples = 0;
        /// The record kept in the int8 model file next to the graph.
        json record(const std::set<std::string>& keepFloat) const;
    };

    /// Calibrates on the first `samples` rows of the run's training split and reports on its
    /// validation split (the training split when it had none). The run's data spec is read
    /// relative to `dataDir`, then to the working directory.
    static Result fromRun(const TrainedModel& m, const RunManifest& run, const std::string& dataDir,
                          const std::set<std::string>& keepFloat, Index samples = 256);
    /// Calibrates on the first `samples` rows of `data` and reports on all of them.
    static Result fromData(const TrainedModel& m, const Dataset& data, const std::string& name,
                           const std::set<std::string>& keepFloat, Index samples = 256);
};

}  // namespace byom
