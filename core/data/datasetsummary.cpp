#include "core/data/datasetsummary.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "core/util/strings.h"

namespace byom {

namespace {

std::vector<DatasetSummary::Column> rowStats(const Mat<float>& m, Index groups) {
    std::vector<DatasetSummary::Column> cols(static_cast<std::size_t>(groups));
    std::vector<double> sum(cols.size(), 0.0);
    for (auto& c : cols) {
        c.min = std::numeric_limits<double>::infinity();
        c.max = -std::numeric_limits<double>::infinity();
    }
    for (Index j = 0; j < m.cols(); ++j)
        for (Index i = 0; i < m.rows(); ++i) {
            auto& c = cols[static_cast<std::size_t>(i % groups)];
            const double v = m(i, j);
            c.min = std::min(c.min, v);
            c.max = std::max(c.max, v);
            sum[static_cast<std::size_t>(i % groups)] += v;
        }
    const double per =
        static_cast<double>(m.cols()) * static_cast<double>(m.rows() / std::max<Index>(1, groups));
    for (std::size_t k = 0; k < cols.size(); ++k) cols[k].mean = per > 0 ? sum[k] / per : 0.0;
    return cols;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

}  // namespace

DatasetSummary DatasetSummary::of(const Dataset& data) {
    DatasetSummary s;
    s.name = data.name;
    s.task = data.task;
    s.rows = data.size();
    s.features = data.x.rows();
    s.inputShape = data.inputShape.rank() ? data.inputShape : Shape{data.x.rows()};
    s.outputs = data.outputs();
    s.targetShape = data.targetShape;
    s.droppedRows = data.droppedRows;
    const bool signal = s.inputShape.rank() == 2;
    const Index groups = signal ? s.inputShape[1] : s.features;
    s.columns = rowStats(data.x, groups);
    for (std::size_t k = 0; k < s.columns.size(); ++k) {
        if (signal)
            s.columns[k].name = "channel " + std::to_string(k);
        else if (k < data.featureNames.size())
            s.columns[k].name = data.featureNames[k];
        else
            s.columns[k].name = "feature " + std::to_string(k);
        if (!signal && k < data.missing.size()) s.columns[k].missing = data.missing[k];
    }
    if (data.task == Task::Classification) {
        const std::vector<Index> counts = data.classCounts();
        for (std::size_t k = 0; k < counts.size(); ++k)
            s.classes.push_back({data.classNames[k], counts[k]});
    } else {
        // Targets per time step: one column per channel, pooled over the steps.
        const bool steps = data.sequenceTargets();
        s.targets = rowStats(data.y, steps ? data.targetShape[1] : data.y.rows());
        for (std::size_t k = 0; k < s.targets.size(); ++k)
            s.targets[k].name = (steps ? "channel " : "target ") + std::to_string(k);
    }
    return s;
}

nlohmann::json DatasetSummary::toJson() const {
    auto columnJson = [](const std::vector<Column>& cols) {
        nlohmann::json a = nlohmann::json::array();
        for (const Column& c : cols)
            a.push_back({{"name", c.name},
                         {"min", c.min},
                         {"mean", c.mean},
                         {"max", c.max},
                         {"missing", c.missing}});
        return a;
    };
    nlohmann::json j = {{"name", name},
                        {"task", task == Task::Classification ? "classification" : "regression"},
                        {"rows", rows},
                        {"features", features},
                        {"input_shape", inputShape.dims},
                        {"outputs", outputs},
                        {"dropped_rows", droppedRows},
                        {"columns", columnJson(columns)}};
    if (targetShape.rank()) j["target_shape"] = targetShape.dims;
    if (task == Task::Classification) {
        nlohmann::json c = nlohmann::json::array();
        for (const ClassCount& k : classes) c.push_back({{"name", k.name}, {"count", k.count}});
        j["classes"] = c;
    } else {
        j["targets"] = columnJson(targets);
    }
    return j;
}

std::string DatasetSummary::toText() const {
    std::string out =
        name + ": " + withThousands(rows) + " rows, input shape " + inputShape.toString() + ", " +
        (task == Task::Classification
             ? std::to_string(classes.size()) + " classes"
             : std::to_string(targetShape.rank() ? targetShape[1] : outputs) +
                   " regression target(s)") +
        (targetShape.rank() ? ", targets " + targetShape.toString() + " per sample (per time step)"
                            : "") +
        "\n";
    if (droppedRows) out += withThousands(droppedRows) + " rows dropped for missing values\n";
    if (!classes.empty()) {
        out += targetShape.rank() ? "\nclass          time steps  share\n"
                                  : "\nclass                 count  share\n";
        for (const ClassCount& c : classes) {
            char share[16];
            const Index cells = rows * (targetShape.rank() ? targetShape[0] : 1);
            std::snprintf(share, sizeof share, "%5.1f%%",
                          cells ? 100.0 * double(c.count) / double(cells) : 0.0);
            out += pad(c.name, 20) + " " + pad(withThousands(c.count), 7) + " " + share + "\n";
        }
    }
    auto table = [&](const char* title, const std::vector<Column>& cols) {
        std::size_t width = 8;
        for (const Column& c : cols)
            width = std::max(width, std::min<std::size_t>(c.name.size(), 40));
        out += "\n" + pad(title, width) + "  " + pad("min", 12) + pad("mean", 12) + pad("max", 12) +
               "missing\n";
        for (const Column& c : cols)
            out += pad(c.name, width) + "  " + pad(number(c.min), 12) + pad(number(c.mean), 12) +
                   pad(number(c.max), 12) + std::to_string(c.missing) + "\n";
    };
    table(inputShape.rank() == 2 ? "channel" : "column", columns);
    if (!targets.empty()) table("target", targets);
    return out;
}

}  // namespace byom
