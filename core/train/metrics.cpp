#include "core/train/metrics.h"

#include <cmath>
#include <cstdio>

namespace byom {

std::vector<int> argmaxColumns(const Mat<float>& m) {
    std::vector<int> out(static_cast<std::size_t>(m.cols()));
    for (Index j = 0; j < m.cols(); ++j) {
        Index best = 0;
        m.col(j).maxCoeff(&best);
        out[j] = static_cast<int>(best);
    }
    return out;
}

std::vector<int> argmaxSteps(const Mat<float>& m, Index classes) {
    if (classes >= m.rows()) return argmaxColumns(m);
    const Eigen::Map<const Mat<float>> steps(m.data(), classes, m.size() / classes);
    return argmaxColumns(steps);
}

DenoiseMetrics denoiseMetrics(const Mat<float>& x, const Mat<float>& output,
                              const Mat<float>& clean) {
    DenoiseMetrics d;
    for (Index j = 0; j < clean.cols(); ++j) {
        const Eigen::ArrayXd y = clean.col(j).cast<double>().array();
        const double signal = y.square().sum();
        const double noiseIn = (x.col(j).cast<double>().array() - y).square().sum();
        if (!(noiseIn > 0) || !(signal > 0)) continue;
        const double floor = 1e-12 * signal;
        const double noiseOut =
            std::max(floor, (output.col(j).cast<double>().array() - y).square().sum());
        d.snrInDb += 10.0 * std::log10(signal / noiseIn);
        d.snrOutDb += 10.0 * std::log10(signal / noiseOut);
        ++d.frames;
    }
    if (d.frames) {
        d.snrInDb /= double(d.frames);
        d.snrOutDb /= double(d.frames);
    }
    d.improvementDb = d.snrOutDb - d.snrInDb;
    return d;
}

ClassificationMetrics classificationMetrics(const std::vector<int>& truth,
                                            const std::vector<int>& predicted,
                                            const std::vector<std::string>& classNames) {
    ClassificationMetrics m;
    const std::size_t k = classNames.size();
    m.classNames = classNames;
    m.confusion.assign(k, std::vector<long long>(k, 0));
    long long correct = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        ++m.confusion[truth[i]][predicted[i]];
        if (truth[i] == predicted[i]) ++correct;
    }
    m.accuracy = truth.empty() ? 0.0 : double(correct) / double(truth.size());
    m.precision.assign(k, 0.0);
    m.recall.assign(k, 0.0);
    m.f1.assign(k, 0.0);
    m.support.assign(k, 0);
    int present = 0;
    for (std::size_t c = 0; c < k; ++c) {
        long long predictedAs = 0;
        for (std::size_t t = 0; t < k; ++t) predictedAs += m.confusion[t][c];
        for (std::size_t p = 0; p < k; ++p) m.support[c] += m.confusion[c][p];
        const double tp = double(m.confusion[c][c]);
        m.precision[c] = predictedAs ? tp / double(predictedAs) : 0.0;
        m.recall[c] = m.support[c] ? tp / double(m.support[c]) : 0.0;
        const double pr = m.precision[c] + m.recall[c];
        m.f1[c] = pr > 0 ? 2.0 * m.precision[c] * m.recall[c] / pr : 0.0;
        m.weightedF1 += m.f1[c] * double(m.support[c]);
        if (m.support[c] || predictedAs) {
            m.macroF1 += m.f1[c];
            ++present;
        }
    }
    if (!truth.empty()) m.weightedF1 /= double(truth.size());
    if (present) m.macroF1 /= double(present);
    return m;
}

json ClassificationMetrics::toJson() const {
    json perClass = json::array();
    for (std::size_t c = 0; c < classNames.size(); ++c)
        perClass.push_back({{"class", classNames[c]},
                            {"precision", precision[c]},
                            {"recall", recall[c]},
                            {"f1", f1[c]},
                            {"support", support[c]}});
    return {{"accuracy", accuracy},  {"weighted_f1", weightedF1},     {"macro_f1", macroF1},
            {"per_class", perClass}, {"confusion_matrix", confusion}, {"class_names", classNames}};
}

std::string ClassificationMetrics::toText() const {
    char line[256];
    std::string t;
    std::snprintf(line, sizeof line, "accuracy %.4f  weighted F1 %.4f  macro F1 %.4f\n\n", accuracy,
                  weightedF1, macroF1);
    t += line;
    std::snprintf(line, sizeof line, "%-20s %9s %9s %9s %9s\n", "class", "precision", "recall",
                  "f1", "support");
    t += line;
    for (std::size_t c = 0; c < classNames.size(); ++c) {
        std::snprintf(line, sizeof line, "%-20.20s %9.4f %9.4f %9.4f %9lld\n",
                      classNames[c].c_str(), precision[c], recall[c], f1[c], support[c]);
        t += line;
    }
    t += "\nconfusion matrix (rows: true class, columns: predicted)\n";
    for (std::size_t r = 0; r < confusion.size(); ++r) {
        std::snprintf(line, sizeof line, "%-20.20s", classNames[r].c_str());
        t += line;
        for (long long v : confusion[r]) {
            std::snprintf(line, sizeof line, " %7lld", v);
            t += line;
        }
        t += "\n";
    }
    return t;
}

RegressionMetrics regressionMetrics(const Mat<float>& predicted, const Mat<float>& truth) {
    RegressionMetrics m;
    const double n = double(truth.size());
    if (n == 0) return m;
    const Eigen::ArrayXXd p = predicted.cast<double>().array();
    const Eigen::ArrayXXd y = truth.cast<double>().array();
    m.mae = (p - y).abs().sum() / n;
    const double ssRes = (p - y).square().sum();
    m.rmse = std::sqrt(ssRes / n);
    if (truth.rows() > 1) {
        m.r2 = 0.0;
        for (Index k = 0; k < truth.rows(); ++k) {
            m.perTarget.push_back(regressionMetrics(predicted.row(k), truth.row(k)));
            m.r2 += m.perTarget.back().r2 / double(truth.rows());
        }
        return m;
    }
    const double ssTot = (y - y.mean()).square().sum();
    m.r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
    return m;
}

RegressionMetrics RegressionMetrics::fromJson(const json& j) {
    RegressionMetrics m;
    m.mae = j.at("mae").get<double>();
    m.rmse = j.at("rmse").get<double>();
    m.r2 = j.at("r2").get<double>();
    for (const json& t : j.value("per_target", json::array())) m.perTarget.push_back(fromJson(t));
    return m;
}

json RegressionMetrics::toJson() const {
    json j = {{"mae", mae}, {"rmse", rmse}, {"r2", r2}};
    if (!perTarget.empty()) {
        j["per_target"] = json::array();
        for (const RegressionMetrics& t : perTarget) j["per_target"].push_back(t.toJson());
    }
    return j;
}

std::string RegressionMetrics::toText() const {
    char line[128];
    std::snprintf(line, sizeof line, "MAE %.6g  RMSE %.6g  R^2 %.4f\n", mae, rmse, r2);
    std::string text = line;
    for (std::size_t k = 0; k < perTarget.size(); ++k) {
        std::snprintf(line, sizeof line, "target %zu: MAE %.6g  RMSE %.6g  R^2 %.4f\n", k,
                      perTarget[k].mae, perTarget[k].rmse, perTarget[k].r2);
        text += line;
    }
    return text;
}

}  // namespace byom
