#pragma once

#include "core/layers/activation.h"

namespace byom {

/// A layer's activation ("activation" parameter; linear when it has none) and its constant:
/// leaky_relu's negative slope (Keras 3: 0.2) or elu's alpha (1.0).
struct ExportActivation {
    Act act = Act::Linear;
    double alpha = 0.0;
};

}  // namespace byom
