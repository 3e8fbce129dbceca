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

json evaluateModel(Model<float>& model, const Dataset& data, const std::string& lossName,
                   const Normalizer* targets) {
    // One pass in chunks: outputs for the metrics, logits for the loss.
    auto loss = makeLoss<float>(lossName);
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
    json j = json::object();
    j["loss"] = data.size() ? sum / double(data.size()) : NAN;
    if (data.task == Task::Classification)
        j.update(classificationMetrics(data.labels, argmaxColumns(out), data.classNames).toJson());
    else
        j.update(regressionMetrics(out, data.y).toJson());
    j["samples"] = data.size();
    return j;
}

}  // namespace byom
