#pragma once

#include <cstdint>

namespace byom {

/// TFLite's fixed-point requantisation: a real multiplier M as a Q31 `multiplier` in
/// [2^30, 2^31) and a power-of-two `shift` (M = multiplier * 2^(shift - 31)).
struct QuantizedMultiplier {
    std::int32_t multiplier = 0;
    int shift = 0;
};

/// TFLite's QuantizeMultiplier: frexp, the mantissa rounded to Q31 (a mantissa that rounds up
/// to 2^31 halves and bumps the shift); a multiplier too small for a 31-bit right shift is 0.
QuantizedMultiplier quantizeMultiplier(double real);

/// gemmlowp's SaturatingRoundingDoublingHighMul: round(a * b / 2^31), ties rounded up (its nudge),
/// saturating the one overflowing case (INT32_MIN * INT32_MIN).
std::int32_t saturatingRoundingDoublingHighMul(std::int32_t a, std::int32_t b);

/// gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero.
std::int32_t roundingDivideByPOT(std::int32_t x, int exponent);

/// TFLite's MultiplyByQuantizedMultiplier (the default double rounding, as CMSIS-NN's
/// arm_nn_requantize): x * M with a left shift before the high multiply and a rounding right
/// shift after it.
std::int32_t multiplyByQuantizedMultiplier(std::int32_t x, QuantizedMultiplier m);

}  // namespace byom
