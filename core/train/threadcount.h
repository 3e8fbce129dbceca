#pragma once

namespace byom {

/// Threads the engine runs on (OpenMP builds; otherwise always 1): Eigen's large matrix
/// products (dense layers), the convolutions' products split along the positions, and the
/// layers' loops over a batch's activations (core/util/parallelranges.h). One thread is
/// bit-for-bit deterministic for a seed. The convolution, normalisation, activation and
/// squeeze-excite layers compute the same bits on any thread count; Eigen's products of dense
/// layers may round differently on several threads.
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
