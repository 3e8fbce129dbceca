#pragma once

// Finite-difference gradient checks for layers and models, in double precision.
// Loss = sum(G .* output) for a fixed random G, so dL/doutput = G; every parameter and every
// input value is perturbed by +-h (central differences) and compared with backprop.

#include <QtTest>
#include <cmath>
#include <functional>

#include "core/model/model.h"

namespace byom::test {

struct GradCheckResult {
    double maxParamError = 0.0;  // max |analytic - numeric| / max(1, |numeric|)
    double maxInputError = 0.0;
};

inline Mat<double> randomMatrix(Index rows, Index cols, Rng& rng, double scale = 1.0) {
    Mat<double> m(rows, cols);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = scale * rng.normal();
    return m;
}

/// Perturbs each of `n` values by +-h in place (restoring it) and returns the largest
/// |analytic - numeric| / max(1, |numeric|), numeric being the central difference of `loss`.
inline double centralDifferenceError(double* values, Index n, const double* analytic,
                                     const std::function<double()>& loss, double h) {
    double worst = 0.0;
    for (Index i = 0; i < n; ++i) {
        const double keep = values[i];
        values[i] = keep + h;
        const double up = loss();
        values[i] = keep - h;
        const double down = loss();
        values[i] = keep;
        const double numeric = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(analytic[i] - numeric) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

/// Checks d(sum(G * forward(x)))/d(params, x) for a model in the given mode. Models with
/// randomness in training (dropout) must reseed identically per evaluation: pass training=false
/// for those or use rate 0. `afterInit`, when given, runs after initialisation (e.g. to set
/// non-trivial state such as BatchNorm's moving statistics).
inline GradCheckResult gradCheck(Model<double>& model, Index batch, bool training,
                                 std::uint64_t seed = 7, double h = 1e-6,
                                 const std::function<void(Model<double>&)>& afterInit = {}) {
    Rng rng(seed);
    model.init(seed);
    // Perturb parameters away from special initial values (zero biases, unit gammas).
    for (Index i = 0; i < model.params().size(); ++i) model.params()(i) += 0.1 * rng.normal();
    if (afterInit) afterInit(model);
    const Mat<double> x0 = randomMatrix(model.inputShape().size(), batch, rng);
    const Index outRows = model.outputShape().size();
    const Mat<double> g = randomMatrix(outRows, batch, rng);
    model.setComputeInputGrad(true);

    const Vec<double> state0 = model.state();
    auto loss = [&](const Mat<double>& x) {
        model.state() = state0;
        return (model.forward(x, training).array() * g.array()).sum();
    };
    Mat<double> x = x0;
    loss(x);
    model.backwardFromOutput(g);
    const Vec<double> analytic = model.grads();
    const Mat<double> analyticInput = model.inputGrad();

    GradCheckResult r;
    const auto lossAtX = [&] { return loss(x); };
    r.maxParamError = centralDifferenceError(model.params().data(), model.params().size(),
                                             analytic.data(), lossAtX, h);
    r.maxInputError = centralDifferenceError(x.data(), x.size(), analyticInput.data(), lossAtX, h);
    model.state() = state0;
    return r;
}

/// Checks dL/dx of one layer on its own (not folded into a model), L = sum(G * layer(x)),
/// against central differences; returns max |analytic - numeric| / max(1, |numeric|). For
/// layers whose forward pass is the same function every time (no dropout mask drawn).
inline double layerInputGradError(Layer<double>& layer, Mat<double> x, const Mat<double>& g,
                                  bool training, double h = 1e-6) {
    layer.setNeedsInputGrad(true);
    Mat<double> y, gx;
    layer.forward(x, y, training);
    layer.backward(x, y, g, gx);
    if (gx.rows() != x.rows() || gx.cols() != x.cols()) return INFINITY;
    const auto loss = [&] {
        Mat<double> out;
        layer.forward(x, out, training);
        return (out.array() * g.array()).sum();
    };
    return centralDifferenceError(x.data(), x.size(), gx.data(), loss, h);
}

}  // namespace byom::test
