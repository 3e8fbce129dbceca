#pragma once

#include "core/util/tensor.h"

namespace byom {

/// A layer's sliding window with explicit padding, as ConvGeometry computes it (Keras's
/// "same" pads (total / 2) on the left and the rest on the right). A layer without a window
/// (not a convolution or pooling) has the 1-wide default.
struct ExportWindow {
    Index kernel = 1;
    Index stride = 1;
    Index dilation = 1;
    Index padLeft = 0;
    Index padRight = 0;
    bool same = false;
};

}  // namespace byom
