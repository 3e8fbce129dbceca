#include "core/quant/quantparams.h"

#include <algorithm>
#include <cmath>

namespace byom {

QuantParams QuantParams::fromRange(double lo, double hi) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (!(hi > lo)) return {1.0f, -128};
    QuantParams p;
    p.scale = static_cast<float>((hi - lo) / 255.0);
    const double zero = -128.0 - lo / static_cast<double>(p.scale);
    p.zeroPoint = static_cast<std::int32_t>(std::clamp(std::round(zero), -128.0, 127.0));
    return p;
}

std::int8_t QuantParams::quantize(float x) const {
    const float q = std::round(x / scale) + static_cast<float>(zeroPoint);
    if (std::isnan(q)) return static_cast<std::int8_t>(zeroPoint);
    return static_cast<std::int8_t>(std::clamp(q, -128.0f, 127.0f));
}

}  // namespace byom
