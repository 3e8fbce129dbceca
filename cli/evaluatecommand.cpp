#include <algorithm>
#include <optional>
#include <ostream>

#include "cli/commands.h"
#include "core/data/dataspec.h"
#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/train/evaluation.h"
#include "core/train/metrics.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

/// Checks that a data set fits a trained model: features, task and classes. Class labels are
/// matched by name, so a test file that lists its classes in another order (or lacks one)
/// still evaluates; a class the model does not know is an error.
void checkFits(const TrainedModel& m, Dataset& data) {
    if (data.x.rows() != m.model->inputShape().size())
        throw Error("the data's samples are " + data.inputShape.toString() +
                    " but the model takes " + m.model->inputShape().toString());
    if (data.task != m.task)
        throw Error(
            std::string("the model is a ") +
            (m.task == Task::Classification ? "classifier" : "regressor") + " but the data is " +
            (data.task == Task::Classification ? "labelled with classes" : "regression targets"));
    if (m.task != Task::Classification || m.classNames.empty() || data.classNames == m.classNames)
        return;
    std::vector<int> toModel(data.classNames.size());
    for (std::size_t c = 0; c < data.classNames.size(); ++c) {
        const auto it = std::find(m.classNames.begin(), m.classNames.end(), data.classNames[c]);
        if (it == m.classNames.end())
            throw Error("the data has class '" + data.classNames[c] +
                        "', which the model does not know (its classes: " +
                        json(m.classNames).dump() + ")");
        toModel[c] = static_cast<int>(it - m.classNames.begin());
    }
    for (int& label : data.labels) label = toModel[static_cast<std::size_t>(label)];
    data.classNames = m.classNames;
    data.oneHotFromLabels();
}

/// Scales raw inputs with the normalisation stored in the model (none when it has none).
void applyNormalization(const TrainedModel& m, Mat<float>& x, const std::string& modelPath) {
    if (m.normalization.is_null()) return;
    Normalizer::fromJson(m.normalization, modelPath + ": normalization").apply(x);
}

/// The standardisation of regression targets stored in the model: its outputs are turned
/// back into the target's units with it (none when it has none).
std::optional<Normalizer> targetNormalization(const TrainedModel& m, const std::string& modelPath) {
    if (m.targetNormalization.is_null()) return std::nullopt;
    return Normalizer::fromTargetJson(m.targetNormalization, modelPath + ": target_normalization");
}

}  // namespace

int runEvaluate(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"model", "data", "loss"}, {"json"});
    const std::string modelPath = args.require("model");
    const std::string dataText = args.require("data");
    TrainedModel m = loadModelFile(modelPath);
    Dataset data = loadDataset(DataSpec::parse(dataText));
    checkFits(m, data);
    applyNormalization(m, data.x, modelPath);
    const std::string loss = args.get("loss").value_or(
        m.task == Task::Classification ? "categorical_crossentropy" : "mse");
    const std::optional<Normalizer> targets = targetNormalization(m, modelPath);
    const json metrics = evaluateModel(*m.model, data, loss, targets ? &*targets : nullptr);
    if (args.has("json")) {
        ctx.out << metrics.dump(2) << "\n";
        return 0;
    }
    ctx.out << "loss " << metrics["loss"].get<double>() << " on " << data.size() << " samples\n";
    if (m.task == Task::Classification) {
        ClassificationMetrics cm;
        cm.classNames = metrics["class_names"].get<std::vector<std::string>>();
        cm.confusion = metrics["confusion_matrix"].get<std::vector<std::vector<long long>>>();
        cm.accuracy = metrics["accuracy"].get<double>();
        cm.weightedF1 = metrics["weighted_f1"].get<double>();
        for (const json& c : metrics["per_class"]) {
            cm.precision.push_back(c["precision"].get<double>());
            cm.recall.push_back(c["recall"].get<double>());
            cm.f1.push_back(c["f1"].get<double>());
            cm.support.push_back(c["support"].get<long long>());
        }
        ctx.out << cm.toText();
    } else {
        ctx.out << RegressionMetrics::fromJson(metrics).toText();
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
    applyNormalization(m, data.x, modelPath);
    if (data.x.rows() != m.model->inputShape().size())
        throw Error("the data's samples are " + data.inputShape.toString() +
                    " but the model takes " + m.model->inputShape().toString());
    Mat<float> out = predictAll(*m.model, data.x);
    if (const std::optional<Normalizer> targets = targetNormalization(m, modelPath))
        targets->invert(out);
    std::string csv;
    char buf[64];
    if (m.task == Task::Classification) {
        for (std::size_t c = 0; c < static_cast<std::size_t>(out.rows()); ++c)
            csv += "p_" + (c < m.classNames.size() ? m.classNames[c] : std::to_string(c)) + ",";
        csv += "predicted\n";
        const std::vector<int> best = argmaxColumns(out);
        for (Index j = 0; j < out.cols(); ++j) {
            for (Index c = 0; c < out.rows(); ++c) {
                std::snprintf(buf, sizeof buf, "%.9g,", out(c, j));
                csv += buf;
            }
            const auto b = static_cast<std::size_t>(best[j]);
            csv += (b < m.classNames.size() ? m.classNames[b] : std::to_string(b)) + "\n";
        }
    } else {
        for (Index c = 0; c < out.rows(); ++c)
            csv += (c ? ",predicted_" : "predicted_") + std::to_string(c);
        csv += "\n";
        for (Index j = 0; j < out.cols(); ++j) {
            for (Index c = 0; c < out.rows(); ++c) {
                std::snprintf(buf, sizeof buf, c ? ",%.9g" : "%.9g", out(c, j));
                csv += buf;
            }
            csv += "\n";
        }
    }
    writeFileAtomic(outPath, csv);
    ctx.out << "wrote " << out.cols() << " predictions to " << outPath << "\n";
    return 0;
}

}  // namespace byom
