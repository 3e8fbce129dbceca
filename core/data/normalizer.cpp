#include "core/data/normalizer.h"

#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace byom {

namespace {

const char* methodName(Normalizer::Method m) {
    return m == Normalizer::Method::Standard ? "standard" : "minmax";
}

}  // namespace

Index Normalizer::groups() const {
    return m_shape.rank() == 2 ? m_shape[1] : m_shape.size();
}

Normalizer::Method Normalizer::parseMethod(const std::string& name) {
    if (name == "standard" || name == "standardize" || name == "zscore") return Method::Standard;
    if (name == "minmax" || name == "min-max") return Method::MinMax;
    throw UsageError("normalisation '" + name + "': use standard or minmax");
}

Normalizer Normalizer::fit(const Dataset& train, Method method) {
    Normalizer n;
    n.m_method = method;
    n.m_shape = train.inputShape.rank() ? train.inputShape : Shape{train.x.rows()};
    if (n.m_shape.size() != train.x.rows())
        throw Error("normalisation: input shape " + n.m_shape.toString() + " does not match " +
                    std::to_string(train.x.rows()) + " values per sample");
    if (train.size() == 0) throw Error("normalisation: the training split is empty");
    const Index g = n.groups();
    const Index rows = train.x.rows();
    std::vector<double> sum(static_cast<std::size_t>(g), 0.0), sq(sum), lo(sum), hi(sum);
    std::fill(lo.begin(), lo.end(), std::numeric_limits<double>::infinity());
    std::fill(hi.begin(), hi.end(), -std::numeric_limits<double>::infinity());
    // Two passes for the variance (mean first), so large offsets do not cancel digits.
    for (Index j = 0; j < train.size(); ++j)
        for (Index i = 0; i < rows; ++i) {
            const auto k = static_cast<std::size_t>(i % g);
            const double v = train.x(i, j);
            sum[k] += v;
            lo[k] = std::min(lo[k], v);
            hi[k] = std::max(hi[k], v);
        }
    const double count = static_cast<double>(train.size()) * static_cast<double>(rows / g);
    for (double& s : sum) s /= count;
    if (method == Method::Standard)
        for (Index j = 0; j < train.size(); ++j)
            for (Index i = 0; i < rows; ++i) {
                const auto k = static_cast<std::size_t>(i % g);
                const double d = train.x(i, j) - sum[k];
                sq[k] += d * d;
            }
    for (std::size_t k = 0; k < sum.size(); ++k) {
        double center = method == Method::Standard ? sum[k] : lo[k];
        double scale = method == Method::Standard ? std::sqrt(sq[k] / count) : hi[k] - lo[k];
        if (!(scale > 1e-12) || !std::isfinite(scale)) scale = 1.0;
        n.m_center.push_back(center);
        n.m_scale.push_back(scale);
    }
    return n;
}

Normalizer Normalizer::fitTargets(const Dataset& train, const Shape& outputShape) {
    Dataset targets;
    targets.inputShape = outputShape;
    targets.x = train.y;
    Normalizer n = fit(targets, Method::Standard);
    n.m_targets = true;
    return n;
}

template <typename F>
void Normalizer::transform(const Mat<float>& in, Mat<float>& out, const std::vector<float>& first,
                           const std::vector<float>& second, F f) const {
    if (in.rows() != m_shape.size())
        throw Error(std::string("normalisation fitted for ") +
                    (m_targets ? "output shape " : "input shape ") + m_shape.toString() + " (" +
                    std::to_string(m_shape.size()) + " values per sample) applied to data with " +
                    std::to_string(in.rows()));
    out.resize(in.rows(), in.cols());  // nothing when out is in
    // Value i of a sample belongs to group i % g, and samples are whole columns: the batch is
    // a (g x values / g) matrix whose rows are the groups, so no value needs its index divided.
    // Every value is read once and then written: in may be out.
    const Index g = groups();
    const Eigen::Map<const Mat<float>> x(in.data(), g, in.size() / g);
    MatMap<float> y(out.data(), g, out.size() / g);
    const Eigen::Map<const Eigen::ArrayXf> a(first.data(), g);
    const Eigen::Map<const Eigen::ArrayXf> b(second.data(), g);
    if (g == 1) {
        y.array() = f(x.array(), a[0], b[0]);
        return;
    }
    for (Index j = 0; j < x.cols(); ++j) y.col(j).array() = f(x.col(j).array(), a, b);
}

void Normalizer::apply(Mat<float>& x) const {
    apply(x, x);
}

void Normalizer::apply(const Mat<float>& raw, Mat<float>& x) const {
    std::vector<float> center(m_center.begin(), m_center.end());
    std::vector<float> inv;
    for (double s : m_scale) inv.push_back(static_cast<float>(1.0 / s));
    transform(raw, x, center, inv,
              [](const auto& v, const auto& c, const auto& s) { return (v - c) * s; });
}

void Normalizer::invert(Mat<float>& x) const {
    std::vector<float> center(m_center.begin(), m_center.end());
    std::vector<float> scale(m_scale.begin(), m_scale.end());
    transform(x, x, scale, center,
              [](const auto& v, const auto& s, const auto& c) { return v * s + c; });
}

void Normalizer::apply(Dataset& data) const {
    apply(data.x);
}

nlohmann::json Normalizer::toJson() const {
    return {{"method", methodName(m_method)},
            {"axis", m_shape.rank() == 2 ? "channel" : "feature"},
            {m_targets ? "output_shape" : "input_shape", m_shape.dims},
            {"formula", m_targets ? "(y - center) / scale" : "(x - center) / scale"},
            {"center", m_center},
            {"scale", m_scale}};
}

Normalizer Normalizer::fromJson(const nlohmann::json& j, const std::string& where) {
    return parse(j, where, false);
}

Normalizer Normalizer::fromTargetJson(const nlohmann::json& j, const std::string& where) {
    return parse(j, where, true);
}

Normalizer Normalizer::parse(const nlohmann::json& j, const std::string& where, bool targets) {
    const std::string shapeKey = targets ? "output_shape" : "input_shape";
    auto need = [&](const std::string& key) -> const nlohmann::json& {
        if (!j.is_object() || !j.contains(key))
            throw Error(where + ": missing \"" + key + "\" (expected method, " + shapeKey +
                        ", center, scale)");
        return j.at(key);
    };
    Normalizer n;
    n.m_targets = targets;
    const auto& method = need("method");
    if (!method.is_string()) throw Error(where + ".method: expected \"standard\" or \"minmax\"");
    try {
        n.m_method = parseMethod(method.get<std::string>());
    } catch (const UsageError&) {
        throw Error(where + ".method: '" + method.get<std::string>() +
                    "' is not standard or minmax");
    }
    const auto& shape = need(shapeKey);
    if (!shape.is_array() || shape.empty() || shape.size() > 2)
        throw Error(where + "." + shapeKey + ": expected [features] or [length, channels]");
    for (const auto& d : shape) {
        if (!d.is_number_integer() || d.get<long long>() < 1)
            throw Error(where + "." + shapeKey + ": dimensions must be positive integers");
        n.m_shape.dims.push_back(d.get<Index>());
    }
    for (const char* key : {"center", "scale"}) {
        const auto& values = need(key);
        const bool isScale = std::string(key) == "scale";
        auto& out = isScale ? n.m_scale : n.m_center;
        if (!values.is_array() || static_cast<Index>(values.size()) != n.groups())
            throw Error(where + "." + key + ": expected " + std::to_string(n.groups()) +
                        " numbers");
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (!values[k].is_number())
                throw Error(where + "." + key + "[" + std::to_string(k) + "]: expected a number");
            out.push_back(values[k].get<double>());
            if (!std::isfinite(out.back()) || (isScale && out.back() == 0))
                throw Error(where + "." + key + "[" + std::to_string(k) + "]: must be finite" +
                            (isScale ? " and non-zero" : ""));
        }
    }
    return n;
}

}  // namespace byom
