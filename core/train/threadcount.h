#pragma once

namespace byom {

/// Threads the engine gives Eigen's large matrix products (OpenMP builds; otherwise always 1).
/// Small products run on one thread whatever the setting. One thread is bit-for-bit
/// deterministic for a seed; several threads may change the rounding of products.
class ThreadCount {
public:
    /// The count in effect.
    static int get();
    /// Sets the count (n >= 1; clamped to what the build supports).
    static void set(int n);
    /// The first time it is called, applies the environment variable BYOM_THREADS (a positive
    /// integer), or 1 when it is unset or not a count; returns the count in effect. The Trainer
    /// calls this.
    static int fromEnvironment();
};

}  // namespace byom
