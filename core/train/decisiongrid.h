#pragma once

#include <vector>

#include "core/model/model.h"

namespace byom {

/// A classifier's decisions over a 2-D feature plane (for the decision-boundary view): the
/// plane covers the data's range plus a margin and is sampled on a resolution x resolution grid.
struct DecisionGrid {
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    int resolution = 0;
    std::vector<int> classes;       // row-major, row 0 at yMin
    std::vector<float> confidence;  // the winning class's probability per cell

    int classAt(int col, int row) const {
        return classes[static_cast<std::size_t>(row) * resolution + col];
    }
};

/// Evaluates `model` (input (2,)) on a grid over the range of `x` (2 x N, the points shown).
DecisionGrid computeDecisionGrid(Model<float>& model, const Mat<float>& x, int resolution = 96);

}  // namespace byom
