#include "core/quant/quantreport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/quant/cgraphrunner.h"
#include "core/quant/predictor.h"
#include "core/quant/qengine.h"
#include "core/train/metrics.h"

namespace byom {

namespace {

/// Each layer's output tensor in the float graph (the last op attributed to it writes it), in
/// the order the layers run.
std::vector<std::pair<std::string, std::pair<std::string, int>>> layerOutputs(const CGraph& g) {
    std::vector<std::pair<std::string, std::pair<std::string, int>>> out;
    for (const CGraph::Op& op : g.ops()) {
        if (op.layerName.empty()) continue;
        const auto same = [&op](const auto& l) { return l.first == op.layerName; };
        auto it = std::find_if(out.begin(), out.end(), same);
        if (it == out.end())
            out.push_back({op.layerName, {op.layerKind, op.output}});
        else
            it->second.second = op.output;
    }
    return out;
}

/// The quantised graph's tensor holding float tensor `source` after its activation: the
/// float one for a layer kept in float, else the int8 one; -1 when none does.
int holding(const QGraph& q, int source, bool keptFloat) {
    int found = -1;
    for (std::size_t t = 0; t < q.tensors.size(); ++t) {
        const QGraph::Tensor& tensor = q.tensors[t];
        if (tensor.source != source || tensor.preActivation) continue;
        if (found < 0 || tensor.isFloat == keptFloat) found = static_cast<int>(t);
    }
    return found;
}

}  // namespace

QuantReport QuantReport::compute(const TrainedModel& m, const CGraph& graph, const QGraph& q,
                                 const Dataset& data, const std::string& dataName,
                                 const std::string& where) {
    QuantReport r;
    r.data = dataName;
    r.rows = data.size();
    r.classifier = m.task == Task::Classification;
    r.floatWeightBytes = graph.weightBytes();
    r.int8WeightBytes = q.weightBytes();
    r.floatLayers = q.floatLayers;
    const Mat<float> f = Predictor::floatOutputs(m, data.x, where);
    const Mat<float> i8 = QEngine::run(q, data.x);
    if (f.size()) {
        r.maxDiff = (f - i8).cwiseAbs().maxCoeff();
        r.meanDiff = (f - i8).cwiseAbs().mean();
    }
    const Index perStep = f.rows() / std::max<Index>(1, data.steps());
    if (r.classifier && data.size()) {
        const std::vector<int> pf = argmaxSteps(f, perStep), pq = argmaxSteps(i8, perStep);
        // A class per output: the model may know classes the data never shows.
        std::vector<std::string> names = data.classNames;
        for (Index c = static_cast<Index>(names.size()); c < perStep; ++c)
            names.push_back("class " + std::to_string(c));
        const ClassificationMetrics cf = classificationMetrics(data.labels, pf, names);
        const ClassificationMetrics cq = classificationMetrics(data.labels, pq, names);
        r.floatScore = cf.accuracy;
        r.int8Score = cq.accuracy;
        r.floatMacroF1 = cf.macroF1;
        r.int8MacroF1 = cq.macroF1;
        std::size_t same = 0;
        for (std::size_t k = 0; k < pf.size(); ++k) same += pf[k] == pq[k];
        r.agreement = pf.empty() ? 0.0 : double(same) / double(pf.size());
    } else if (data.size()) {
        const auto pooled = [perStep](const Mat<float>& v) {
            return Eigen::Map<const Mat<float>>(v.data(), perStep, v.size() / perStep);
        };
        r.floatScore = regressionMetrics(pooled(f), pooled(data.y)).r2;
        r.int8Score = regressionMetrics(pooled(i8), pooled(data.y)).r2;
    }
    // Per layer: signal and noise summed over the first rows.
    const auto outputs = layerOutputs(graph);
    std::vector<double> signal(outputs.size(), 0.0), noise(outputs.size(), 0.0);
    std::vector<int> tensors(outputs.size());
    std::vector<bool> floats(outputs.size(), false);
    for (std::size_t l = 0; l < outputs.size(); ++l) {
        const auto named = [&outputs, l](const std::pair<std::string, std::string>& f) {
            return f.first == outputs[l].first;
        };
        floats[l] = std::any_of(q.floatLayers.begin(), q.floatLayers.end(), named);
        tensors[l] = holding(q, outputs[l].second.second, floats[l]);
    }
    r.sqnrRows = std::min<Index>(kSqnrRows, data.size());
    for (Index s = 0; s < r.sqnrRows; ++s) {
        const CGraphRunner::Trace ft = CGraphRunner::run(graph, data.x.col(s).data());
        const QEngine::Trace qt = QEngine::trace(q, data.x.col(s).data());
        for (std::size_t l = 0; l < outputs.size(); ++l) {
            if (tensors[l] < 0) continue;
            const std::vector<float>& ref =
                ft.tensors[static_cast<std::size_t>(outputs[l].second.second)];
            const std::vector<float> got = qt.real(q, tensors[l]);
            for (std::size_t k = 0; k < ref.size(); ++k) {
                const double d = double(ref[k]) - double(got[k]);
                signal[l] += double(ref[k]) * double(ref[k]);
                noise[l] += d * d;
            }
        }
    }
    for (std::size_t l = 0; l < outputs.size(); ++l) {
        if (tensors[l] < 0) continue;
        double db = kMaxSqnrDb;
        if (noise[l] > 0.0)
            db = std::min(kMaxSqnrDb, 10.0 * std::log10(std::max(signal[l], 1e-30) / noise[l]));
        r.layers.push_back({outputs[l].first, outputs[l].second.first, db, floats[l]});
    }
    return r;
}

json QuantReport::toJson() const {
    json layersJson = json::array();
    for (const Layer& l : layers)
        layersJson.push_back({{"layer", l.name},
                              {"kind", l.kind},
                              {"sqnr_db", l.sqnrDb},
                              {"float", l.isFloat},
                              {"low", l.sqnrDb < kLowSqnrDb}});
    json fl = json::array();
    for (const auto& f : floatLayers) fl.push_back({{"layer", f.first}, {"why", f.second}});
    json j = {{"data", data},
              {"rows", rows},
              {"max_abs_diff", maxDiff},
              {"mean_abs_diff", meanDiff},
              {"float_weight_bytes", floatWeightBytes},
              {"int8_weight_bytes", int8WeightBytes},
              {"sqnr_rows", sqnrRows},
              {"layers", layersJson},
              {"float_layers", fl}};
    if (classifier) {
        j["float_accuracy"] = floatScore;
        j["int8_accuracy"] = int8Score;
        j["float_macro_f1"] = floatMacroF1;
        j["int8_macro_f1"] = int8MacroF1;
        j["agreement"] = agreement;
    } else {
        j["float_r2"] = floatScore;
        j["int8_r2"] = int8Score;
    }
    return j;
}

QuantReport QuantReport::fromJson(const json& j) {
    QuantReport r;
    r.data = j.value("data", "");
    r.rows = j.value("rows", Index(0));
    r.classifier = j.contains("float_accuracy");
    r.floatScore = j.value(r.classifier ? "float_accuracy" : "float_r2", 0.0);
    r.int8Score = j.value(r.classifier ? "int8_accuracy" : "int8_r2", 0.0);
    r.floatMacroF1 = j.value("float_macro_f1", 0.0);
    r.int8MacroF1 = j.value("int8_macro_f1", 0.0);
    r.agreement = j.value("agreement", 0.0);
    r.maxDiff = j.value("max_abs_diff", 0.0);
    r.meanDiff = j.value("mean_abs_diff", 0.0);
    r.floatWeightBytes = j.value("float_weight_bytes", 0LL);
    r.int8WeightBytes = j.value("int8_weight_bytes", 0LL);
    r.sqnrRows = j.value("sqnr_rows", Index(0));
    for (const json& l : j.value("layers", json::array()))
        r.layers.push_back({l.value("layer", ""), l.value("kind", ""), l.value("sqnr_db", 0.0),
                            l.value("float", false)});
    for (const json& f : j.value("float_layers", json::array()))
        r.floatLayers.emplace_back(f.value("layer", ""), f.value("why", ""));
    return r;
}

std::string QuantReport::toText() const {
    std::string s;
    char line[256];
    std::snprintf(line, sizeof line, "On %lld rows of %s:\n", static_cast<long long>(rows),
                  data.c_str());
    s += line;
    if (classifier) {
        std::snprintf(line, sizeof line,
                      "  accuracy  float %.2f%%  int8 %.2f%%  (%+.2f points)\n"
                      "  macro F1  float %.4f  int8 %.4f\n"
                      "  the predicted class agrees on %.2f%% of the rows\n",
                      100 * floatScore, 100 * int8Score, 100 * (int8Score - floatScore),
                      floatMacroF1, int8MacroF1, 100 * agreement);
    } else {
        std::snprintf(line, sizeof line, "  R2  float %.4f  int8 %.4f  (%+.4f)\n", floatScore,
                      int8Score, int8Score - floatScore);
    }
    s += line;
    std::snprintf(line, sizeof line,
                  "  outputs differ by %.4g at most, %.4g on average\n"
                  "  weights %lld bytes in float, %lld bytes in int8 (%.1fx smaller)\n",
                  maxDiff, meanDiff, floatWeightBytes, int8WeightBytes,
                  int8WeightBytes ? double(floatWeightBytes) / double(int8WeightBytes) : 0.0);
    s += line;
    std::snprintf(line, sizeof line, "Signal to quantisation noise per layer (first %lld rows):\n",
                  static_cast<long long>(sqnrRows));
    s += line;
    for (const Layer& l : layers) {
        std::snprintf(line, sizeof line, "  %-28s %-18s %6.1f dB%s\n", l.name.c_str(),
                      l.kind.c_str(), l.sqnrDb,
                      l.isFloat               ? "  (float)"
                      : l.sqnrDb < kLowSqnrDb ? "  below 20 dB: try --keep-float "
                                              : "");
        s += line;
        if (!l.isFloat && l.sqnrDb < kLowSqnrDb) s.insert(s.size() - 1, l.name);
    }
    for (const auto& f : floatLayers) s += "In float: " + f.first + ": " + f.second + "\n";
    return s;
}

}  // namespace byom
