#include "core/train/schedule.h"

#include <cmath>
#include <numbers>

namespace byom {

double Schedule::rate(double lr, long long step, long long totalSteps) const {
    double v = lr;
    const double s = double(step);
    if (kind == "step") {
        v = lr * std::pow(factor, std::floor(s / double(stepSize)));
    } else if (kind == "exponential") {
        v = lr * std::pow(decayRate, s / double(decaySteps));
    } else if (kind == "cosine") {
        const double d = double(decaySteps > 0 ? decaySteps : std::max(1LL, totalSteps));
        const double p = std::min(s, d) / d;
        v = lr * ((1.0 - alpha) * 0.5 * (1.0 + std::cos(std::numbers::pi * p)) + alpha);
    } else if (kind == "cosine_restarts") {
        double period = double(firstDecaySteps);
        double start = 0.0;
        double scale = 1.0;
        // Walk whole periods (bounded: periods grow geometrically or stay >= 1 step).
        for (int i = 0; i < 100000 && s >= start + period; ++i) {
            start += period;
            period *= tMul;
            scale *= mMul;
        }
        const double p = (s - start) / period;
        v = lr * scale * ((1.0 - alpha) * 0.5 * (1.0 + std::cos(std::numbers::pi * p)) + alpha);
    }
    if (warmupSteps > 0 && step < warmupSteps) v *= double(step + 1) / double(warmupSteps);
    return v;
}

const Schema& Schedule::schema() {
    static const Schema s{
        enumParam("kind", "constant",
                  {"constant", "step", "exponential", "cosine", "cosine_restarts"},
                  "How the learning rate changes over the optimizer steps."),
        floatParam("factor", 0.5, 1e-6, 1.0, "step: multiplier applied every step_size steps."),
        intParam("step_size", 1000, 1, 1000000000, "step: steps between reductions."),
        floatParam("decay_rate", 0.96, 1e-6, 1.0, "exponential: multiplier per decay_steps."),
        intParam("decay_steps", 1000, 0, 1000000000,
                 "exponential/cosine: steps of one decay (cosine: 0 = the whole run)."),
        floatParam("alpha", 0.0, 0.0, 1.0, "cosine: the final rate as a fraction of the initial."),
        intParam("first_decay_steps", 1000, 1, 1000000000, "cosine_restarts: first period."),
        floatParam("t_mul", 2.0, 1.0, 100.0, "cosine_restarts: growth of each period."),
        floatParam("m_mul", 1.0, 0.0, 1.0, "cosine_restarts: scale of each restart's rate."),
        intParam("warmup_steps", 0, 0, 1000000000, "Linear warm-up from 0 over these steps."),
    };
    return s;
}

std::vector<std::string> Schedule::fieldsOf(const std::string& kind) {
    std::vector<std::string> f;
    if (kind == "step") f = {"factor", "step_size"};
    if (kind == "exponential") f = {"decay_rate", "decay_steps"};
    if (kind == "cosine") f = {"decay_steps", "alpha"};
    if (kind == "cosine_restarts") f = {"first_decay_steps", "t_mul", "m_mul", "alpha"};
    f.push_back("warmup_steps");
    return f;
}

json Schedule::toJson() const {
    return {{"kind", kind},
            {"factor", factor},
            {"step_size", stepSize},
            {"decay_rate", decayRate},
            {"decay_steps", decaySteps},
            {"alpha", alpha},
            {"first_decay_steps", firstDecaySteps},
            {"t_mul", tMul},
            {"m_mul", mMul},
            {"warmup_steps", warmupSteps}};
}

Schedule Schedule::fromJson(const json& j) {
    const json f = schema().withDefaults(j);
    Schedule s;
    s.kind = f.at("kind").get<std::string>();
    s.factor = f.at("factor").get<double>();
    s.stepSize = f.at("step_size").get<long long>();
    s.decayRate = f.at("decay_rate").get<double>();
    s.decaySteps = f.at("decay_steps").get<long long>();
    s.alpha = f.at("alpha").get<double>();
    s.firstDecaySteps = f.at("first_decay_steps").get<long long>();
    s.tMul = f.at("t_mul").get<double>();
    s.mMul = f.at("m_mul").get<double>();
    s.warmupSteps = f.at("warmup_steps").get<long long>();
    return s;
}

}  // namespace byom
