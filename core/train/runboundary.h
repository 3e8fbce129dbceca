#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/model/trainedmodel.h"
#include "core/train/decisiongrid.h"
#include "core/train/manifest.h"

namespace byom {

/// The points the decision-boundary view draws: the first `maxPoints` samples of a
/// two-feature classification set, and their classes.
struct BoundaryPoints {
    std::vector<float> x, y;  // the points' two features
    std::vector<int> labels;  // their classes
};

/// The split a run's boundary shows: its validation split, or its training split when it kept
/// none (as a run in progress and a kept run both draw it).
const Dataset& shownSplit(const Dataset& train, const Dataset& validation);
/// The first `maxPoints` points of `shown` (inputs of shape (2)).
BoundaryPoints boundaryPoints(const Dataset& shown, Index maxPoints = 2000);

/// What the decision-boundary view draws for a kept run: points of the run's shown split,
/// normalised as the run saw them, and the model's class regions over them.
struct RunBoundary {
    BoundaryPoints points;
    DecisionGrid grid;
};

/// The boundary of a run of `manifest` with model `trained` on `data`, loaded from
/// `dataSpec`; nullopt unless the run trained a classifier of two features on that data
/// spec. At most `maxPoints` points. Splits and normalises the whole data set and evaluates
/// the model on a grid: on a big data set, call it off the GUI thread.
std::optional<RunBoundary> runBoundary(const RunManifest& manifest, TrainedModel& trained,
                                       const Dataset& data, const std::string& dataSpec,
                                       Index maxPoints = 2000);

}  // namespace byom
