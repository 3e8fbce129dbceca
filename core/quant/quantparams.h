#pragma once

#include <cstdint>

namespace byom {

/// An int8 tensor's affine quantisation (TFLite's scheme): real = scale * (q - zeroPoint).
struct QuantParams {
    float scale = 1.0f;
    std::int32_t zeroPoint = 0;

    /// Asymmetric int8 parameters covering [lo, hi] widened to hold 0 (so that zero padding and
    /// ReLU's zero are exact), as TFLite's converter chooses them: scale (hi - lo) / 255, the
    /// zero point rounded and clamped to [-128, 127]. An empty range gets scale 1.
    static QuantParams fromRange(double lo, double hi);

    /// round(x / scale) + zeroPoint (the division in float, ties away from zero), clamped to
    /// int8: TFLite's AffineQuantize and the C library's quantise.
    std::int8_t quantize(float x) const;
    /// scale * (q - zeroPoint) in float: TFLite's Dequantize.
    float dequantize(std::int32_t q) const { return scale * static_cast<float>(q - zeroPoint); }

    bool operator==(const QuantParams&) const = default;
};

}  // namespace byom
