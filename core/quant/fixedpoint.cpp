#include "core/quant/fixedpoint.h"

#include <cmath>
#include <limits>

namespace byom {

QuantizedMultiplier quantizeMultiplier(double real) {
    if (real == 0.0) return {};
    int shift = 0;
    const double q = std::frexp(real, &shift);
    auto fixed = static_cast<std::int64_t>(std::llround(q * double(1LL << 31)));
    if (fixed == (1LL << 31)) {
        fixed /= 2;
        ++shift;
    }
    if (shift < -31) return {};
    // TFLite caps the left shift at 30 (a multiplier of 2^30 or more cannot be represented).
    if (shift > 30) return {std::numeric_limits<std::int32_t>::max(), 30};
    return {static_cast<std::int32_t>(fixed), shift};
}

std::int32_t saturatingRoundingDoublingHighMul(std::int32_t a, std::int32_t b) {
    const bool overflow = a == b && a == std::numeric_limits<std::int32_t>::min();
    if (overflow) return std::numeric_limits<std::int32_t>::max();
    const std::int64_t ab = std::int64_t(a) * std::int64_t(b);
    const std::int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    return static_cast<std::int32_t>((ab + nudge) / (1LL << 31));
}

std::int32_t roundingDivideByPOT(std::int32_t x, int exponent) {
    if (exponent <= 0) return x;
    const std::int32_t mask = static_cast<std::int32_t>((1LL << exponent) - 1);
    const std::int32_t remainder = x & mask;
    const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

std::int32_t multiplyByQuantizedMultiplier(std::int32_t x, QuantizedMultiplier m) {
    const int left = m.shift > 0 ? m.shift : 0;
    const int right = m.shift > 0 ? 0 : -m.shift;
    // TFLite shifts left in 32 bits (the caller keeps x * 2^left in range).
    const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << left);
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, m.multiplier), right);
}

}  // namespace byom
