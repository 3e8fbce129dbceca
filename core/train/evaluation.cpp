#include "core/train/evaluation.h"

#include <algorithm>
#include <cmath>

#include "core/train/inferenceplan.h"
#include "core/train/loss.h"
#include "core/train/metrics.h"

namespace byom {

Index evaluationChunk(const Model<float>& model) {
    Index perSample = 0;
    for (std::size_t i = 0; i < model.layerCount(); ++i)
        perSample += model.layer(i).activationSize();
    // Layers keep scratch beside their outputs (pre-activations, normalised inputs, im2col
    // columns): about twice the outputs again.
    constexpr Index kBudgetFloats = (Index(256) << 20) / Index(sizeof(float)) / 3;
    return std::clamp<Index>(kBudgetFloats / std::max<Index>(1, perSample), 1, 512);
}

Mat<float> predictAll(const Model<float>& model, const Mat<float>& x) {
    return InferencePlan(model).run(x);
}

namespace {

/// Regression metrics of a (T, C) output per channel, pooled over the time steps: the
/// channels-last (T * C x N) matrices read as (C x T * N).
RegressionMetrics perChannelMetrics(const Mat<float>& out, const Mat<float>& y, Index channels) {
    const Index cells = out.size() / channels;
    return regressionMetrics(Eigen::Map<const Mat<float>>(out.data(), channels, cells),
                             Eigen::Map<const Mat<float>>(y.data(), channels, cells));
}

}  // namespace

json outputMetrics(const Mat<float>& out, const Dataset& data, const Normalizer* inputs) {
    json j = json::object();
    const Index perStep = out.rows() / data.steps();
    if (data.task == Task::Classification) {
        j.update(classificationMetrics(data.labels, argmaxSteps(out, perStep), data.classNames)
                     .toJson());
    } else if (data.sequenceTargets()) {
        j.update(perChannelMetrics(out, data.y, perStep).toJson());
    } else {
        j.update(regressionMetrics(out, data.y).toJson());
    }
    if (data.task == Task::Regression && data.sequenceTargets() &&
        data.targetShape == data.inputShape) {
        Mat<float> raw = data.x;
        if (inputs) inputs->invert(raw);
        const DenoiseMetrics d = denoiseMetrics(raw, out, data.y);
        j["snr_in_db"] = d.snrInDb;
        j["snr_out_db"] = d.snrOutDb;
        j["snr_improvement_db"] = d.improvementDb;
    }
    j["samples"] = data.size();
    if (data.sequenceTargets()) j["time_steps"] = data.size() * data.steps();
    return j;
}

json evaluateModel(Model<float>& model, const Dataset& data, const std::string& lossName,
                   const Normalizer* targets, const Normalizer* inputs) {
    // One pass in chunks: outputs for the metrics, logits for the loss.
    auto loss = makeLoss<float>(lossName);
    loss->setOutput(targets ? Act::Linear : model.outputActivation(), model.outputShape());
    const Index chunk = evaluationChunk(model);
    Mat<float> out(model.outputShape().size(), data.size());
    Mat<float> x, y, grad, scaled;
    double sum = 0.0;
    for (Index start = 0; start < data.size(); start += chunk) {
        const Index n = std::min(chunk, data.size() - start);
        x = data.x.middleCols(start, n);
        y = data.y.middleCols(start, n);
        const Mat<float>& o = model.forward(x, false);
        if (targets) {
            // Outputs in the target's units; regression losses differentiate the output itself.
            scaled = o;
            targets->invert(scaled);
            out.middleCols(start, n) = scaled;
            sum += double(loss->compute(scaled, scaled, Act::Linear, y, grad)) * double(n);
            continue;
        }
        out.middleCols(start, n) = o;
        sum +=
            double(loss->compute(model.logits(), o, model.outputActivation(), y, grad)) * double(n);
    }
    json j = outputMetrics(out, data, inputs);
    j["loss"] = data.size() ? sum / double(data.size()) : NAN;
    return j;
}

}  // namespace byom
