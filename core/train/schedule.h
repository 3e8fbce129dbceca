#pragma once

#include <string>
#include <vector>

#include "core/schema/schema.h"

namespace byom {

/// A learning-rate schedule: the rate for a given optimizer step (0-based), from the base rate.
/// Kinds (Keras names and semantics):
///   constant
///   step:        lr * factor^floor(step / step_size)
///   exponential: lr * decay_rate^(step / decay_steps)
///   cosine:      CosineDecay: lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, D) / D)) + alpha)
///   cosine_restarts: CosineDecayRestarts (HeartKit's default): first_decay_steps D, t_mul,
///                m_mul, alpha; period i lasts D * t_mul^i steps and starts at lr * m_mul^i
/// plus an optional linear warm-up over warmup_steps from 0 to the schedule's value.
struct Schedule {
    std::string kind = "constant";
    double factor = 0.5;               // step
    long long stepSize = 1000;         // step
    double decayRate = 0.96;           // exponential
    long long decaySteps = 1000;       // exponential, cosine (0 = the whole run)
    double alpha = 0.0;                // cosine, cosine_restarts: floor as a fraction of lr
    long long firstDecaySteps = 1000;  // cosine_restarts
    double tMul = 2.0;
    double mMul = 1.0;
    long long warmupSteps = 0;

    double rate(double baseLr, long long step, long long totalSteps) const;

    json toJson() const;
    static Schedule fromJson(const json& j);  // assumes validated by schema()
    static const Schema& schema();
    /// The fields `kind` reads ("kind" itself not included), for editors that show only those.
    static std::vector<std::string> fieldsOf(const std::string& kind);
};

}  // namespace byom
