#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <ostream>

#include "cli/commands.h"
#include "core/data/dataspec.h"
#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/model/datafit.h"
#include "core/quant/predictor.h"
#include "core/quant/qengine.h"
#include "core/train/evaluation.h"
#include "core/train/loss.h"
#include "core/train/metrics.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"

namespace byom {

namespace {

/// Scales raw inputs with the normalisation stored in the model (none when it has none);
/// returns it.
std::optional<Normalizer> applyNormalization(const TrainedModel& m, Mat<float>& x,
                                             const std::string& modelPath) {
    if (m.normalization.is_null()) return std::nullopt;
    Normalizer n = Normalizer::fromJson(m.normalization, modelPath + ": normalization");
    n.apply(x);
    return n;
}

/// The standardisation of regression targets stored in the model: its outputs are turned
/// back into the target's units with it (none when it has none).
std::optional<Normalizer> targetNormalization(const TrainedModel& m, const std::string& modelPath) {
    if (m.targetNormalization.is_null()) return std::nullopt;
    return Normalizer::fromTargetJson(m.targetNormalization, modelPath + ": target_normalization");
}

/// Column names of the model's outputs per sample (per time step for a (T, C) output).
std::vector<std::string> outputColumns(const TrainedModel& m, Index perStep) {
    std::vector<std::string> names;
    for (Index c = 0; c < perStep; ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (m.task == Task::Classification)
            names.push_back("p_" + (i < m.classNames.size() ? m.classNames[i] : std::to_string(c)));
        else
            names.push_back("predicted_" + std::to_string(c));
    }
    return names;
}

/// The predictions as CSV: a row per sample, or for a model that keeps the time axis, (T, C),
/// a row per time step of each sample with its sample and step indices first.
std::string predictionsCsv(const TrainedModel& m, const Mat<float>& out) {
    const Shape& shape = m.model->outputShape();
    const bool sequence = shape.rank() == 2 && shape[0] > 1;
    const Index steps = sequence ? shape[0] : 1;
    const Index perStep = out.rows() / steps;
    const bool classify = m.task == Task::Classification;
    std::string csv = sequence ? "sample,step," : "";
    csv += join(outputColumns(m, perStep), ",");
    csv += classify ? ",predicted\n" : "\n";
    const std::vector<int> best = classify ? argmaxSteps(out, perStep) : std::vector<int>{};
    char buf[64];
    for (Index j = 0; j < out.cols(); ++j)
        for (Index s = 0; s < steps; ++s) {
            if (sequence) csv += std::to_string(j) + "," + std::to_string(s) + ",";
            for (Index c = 0; c < perStep; ++c) {
                std::snprintf(buf, sizeof buf, c ? ",%.9g" : "%.9g", out(s * perStep + c, j));
                csv += buf;
            }
            if (classify) {
                const auto b =
                    static_cast<std::size_t>(best[static_cast<std::size_t>(j * steps + s)]);
                csv += "," + (b < m.classNames.size() ? m.classNames[b] : std::to_string(b));
            }
            csv += "\n";
        }
    return csv;
}

/// An int8 model's metrics: its integer engine's outputs on the raw rows. The loss of a
/// classifier is the cross-entropy of its (quantised) probabilities.
json int8Metrics(const TrainedModel& m, const Dataset& data, const std::string& lossName) {
    const Mat<float> out = QEngine::run(*m.quantized, data.x);
    json j = outputMetrics(out, data);
    double sum = 0.0;
    if (m.task == Task::Classification) {
        // data.labels: sample j's steps at [j * T, (j + 1) * T); its step s's C probabilities
        // are out(s * C .. s * C + C - 1, j).
        const Index steps = data.steps(), classes = out.rows() / steps;
        for (Index j = 0; j < out.cols(); ++j)
            for (Index s = 0; s < steps; ++s) {
                const Index label = data.labels[static_cast<std::size_t>(j * steps + s)];
                sum -= std::log(std::max(double(out(s * classes + label, j)), 1e-7));
            }
        sum /= double(steps);
    } else {
        Mat<float> grad;
        sum = double(makeLoss<float>(lossName)->compute(out, out, Act::Linear, data.y, grad)) *
              double(data.size());
    }
    j["loss"] = data.size() ? sum / double(data.size()) : NAN;
    j["engine"] = "int8";
    return j;
}

}  // namespace

int runEvaluate(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"model", "data", "loss"}, {"json"});
    const std::string modelPath = args.require("model");
    const std::string dataText = args.require("data");
    TrainedModel m = loadModelFile(modelPath);
    Dataset data = loadDataset(DataSpec::parse(dataText));
    fitDataToModel(m, data);
    if (const auto why = outputFitProblem(m.model->outputShape(), data, dataText))
        throw Error(modelPath + ": " + *why);
    const std::string loss = args.get("loss").value_or(
        m.task == Task::Classification ? "categorical_crossentropy" : "mse");
    json metrics;
    if (m.quantized) {
        metrics = int8Metrics(m, data, loss);
    } else {
        const std::optional<Normalizer> inputs = applyNormalization(m, data.x, modelPath);
        const std::optional<Normalizer> targets = targetNormalization(m, modelPath);
        metrics = evaluateModel(*m.model, data, loss, targets ? &*targets : nullptr,
                                inputs ? &*inputs : nullptr);
    }
    if (args.has("json")) {
        ctx.out << metrics.dump(2) << "\n";
        return 0;
    }
    ctx.out << "loss " << metrics["loss"].get<double>() << " on " << data.size() << " samples";
    if (data.sequenceTargets())
        ctx.out << " (" << data.size() * data.steps() << " time steps; every figure below is "
                << "counted per time step)";
    ctx.out << "\n";
    if (m.task == Task::Classification) {
        ClassificationMetrics cm;
        cm.classNames = metrics["class_names"].get<std::vector<std::string>>();
        cm.confusion = metrics["confusion_matrix"].get<std::vector<std::vector<long long>>>();
        cm.accuracy = metrics["accuracy"].get<double>();
        cm.weightedF1 = metrics["weighted_f1"].get<double>();
        cm.macroF1 = metrics["macro_f1"].get<double>();
        for (const json& c : metrics["per_class"]) {
            cm.precision.push_back(c["precision"].get<double>());
            cm.recall.push_back(c["recall"].get<double>());
            cm.f1.push_back(c["f1"].get<double>());
            cm.support.push_back(c["support"].get<long long>());
        }
        ctx.out << cm.toText();
    } else {
        ctx.out << RegressionMetrics::fromJson(metrics).toText();
        if (metrics.contains("snr_improvement_db")) {
            char line[160];
            std::snprintf(line, sizeof line,
                          "SNR in %.2f dB, out %.2f dB: improvement %.2f dB (mean over frames)\n",
                          metrics["snr_in_db"].get<double>(), metrics["snr_out_db"].get<double>(),
                          metrics["snr_improvement_db"].get<double>());
            ctx.out << line;
        }
    }
    return 0;
}

int runPredict(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"model", "data", "out"}, {});
    const std::string modelPath = args.require("model");
    const std::string dataText = args.require("data");
    const std::string outPath = args.require("out");
    TrainedModel m = loadModelFile(modelPath);
    Dataset data = loadDataset(DataSpec::parse(dataText));
    if (data.x.rows() != m.model->inputShape().size())
        throw Error("the data's samples are " + data.inputShape.toString() +
                    " but the model takes " + m.model->inputShape().toString());
    const Mat<float> out = Predictor::outputs(m, data.x, modelPath);
    const std::string csv = predictionsCsv(m, out);
    writeFileAtomic(outPath, csv);
    const Shape& shape = m.model->outputShape();
    ctx.out << "wrote " << out.cols() << " predictions to " << outPath;
    if (shape.rank() == 2 && shape[0] > 1)
        ctx.out << " (a row per time step: " << shape[0] << " per sample)";
    ctx.out << "\n";
    return 0;
}

}  // namespace byom
