#pragma once

#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// One named weight tensor copied out of a model for export: Keras shape and row-major
/// (Keras memory order) float32 values.
struct ExportTensor {
    std::vector<Index> shape;
    std::vector<float> data;

    Index size() const {
        Index n = 1;
        for (Index d : shape) n *= d;
        return n;
    }
};

}  // namespace byom
