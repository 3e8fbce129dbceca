#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace byom {

/// A seeded random source whose sequences are the same on every platform and standard library:
/// the engine uses mt19937_64's raw output only, never std:: distributions (whose algorithms are
/// implementation-defined), so a seed reproduces a run bit for bit.
class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) : m_gen(seed) {}

    std::uint64_t next() { return m_gen(); }
    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(m_gen() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Standard normal by Box-Muller (one value per call; the pair's second half is dropped so
    /// the sequence does not depend on call history).
    double normal() {
        double u1 = uniform();
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    double normal(double mean, double stddev) { return mean + stddev * normal(); }
    /// Uniform integer in [0, n) without modulo bias.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t v = m_gen();
        while (v >= limit) v = m_gen();
        return v % n;
    }
    /// Fisher-Yates shuffle.
    template <typename Vector>
    void shuffle(Vector& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 m_gen;
};

}  // namespace byom
