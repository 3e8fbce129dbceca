#include "core/train/evaluation.h"

#include <cmath>

#include "core/train/loss.h"
#include "core/train/metrics.h"

namespace byom {

Mat<float> predictAll(Model<float>& model, const Mat<float>& x) {
    constexpr Index kChunk = 512;
    Mat<float> out(model.outputShape().size(), x.cols());
    Mat<float> chunk;
    for (Index start = 0; start < x.cols(); start += kChunk) {
        const Index n = std::min(kChunk, x.cols() - start);
        chunk = x.middleCols(start, n);
        out.middleCols(start, n) = model.forward(chunk, false);
    }
    return out;
}

json evaluateModel(Model<float>& model, const Dataset& data, const std::string& lossName) {
    // One pass in chunks: outputs for the metrics, logits for the loss.
    auto loss = makeLoss<float>(lossName);
    constexpr Index kChunk = 512;
    Mat<float> out(model.outputShape().size(), data.size());
    Mat<float> x, y, grad;
    double sum = 0.0;
    for (Index start = 0; start < data.size(); start += kChunk) {
        const Index n = std::min(kChunk, data.size() - start);
        x = data.x.middleCols(start, n);
        y = data.y.middleCols(start, n);
        const Mat<float>& o = model.forward(x, false);
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
