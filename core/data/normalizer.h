#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace byom {

/// Input scaling fitted on the training split only and stored with the model (the model
/// file's "normalization" field), so predict and every exporter apply the same transform:
/// x' = (x - center) / scale, per feature for (F) inputs and per channel for (L, C) signals.
/// standard: center = mean, scale = standard deviation; minmax: center = min,
/// scale = max - min (so x' is in [0, 1] on the training data). A constant feature gets
/// scale 1, so it maps to 0 instead of dividing by zero.
///
/// Regression targets are standardised the same way (the model file's "target_normalization"):
/// the network learns y' = (y - center) / scale, per output of a (F) output or per channel of
/// a (L, C) output, and its outputs are turned back into the target's units with invert().
class Normalizer {
public:
    enum class Method { Standard, MinMax };

    /// Fits on `train` (give the training split, never the whole set: validation statistics
    /// would leak into training).
    static Normalizer fit(const Dataset& train, Method method);
    /// Standardises regression targets: fits on `train.y` (the training split's) for a model
    /// with `outputShape`.
    static Normalizer fitTargets(const Dataset& train, const Shape& outputShape);
    /// Reads the JSON written by toJson; throws Error naming `where` and the key.
    static Normalizer fromJson(const nlohmann::json& j, const std::string& where = "normalization");
    /// Reads a target normaliser (with "output_shape" where inputs have "input_shape").
    static Normalizer fromTargetJson(const nlohmann::json& j,
                                     const std::string& where = "target_normalization");
    /// "standard" / "minmax"; throws UsageError for anything else.
    static Method parseMethod(const std::string& name);

    nlohmann::json toJson() const;
    /// Scales x (features x N, one sample per column) in place; throws Error on a shape
    /// other than the fitted one.
    void apply(Mat<float>& x) const;
    /// The same from `raw` into x (resized to raw's shape) in one pass; raw may be x.
    void apply(const Mat<float>& raw, Mat<float>& x) const;
    void apply(Dataset& data) const;
    /// The inverse, x = x' * scale + center, in place: a model's standardised outputs back in
    /// the target's units.
    void invert(Mat<float>& x) const;

    Method method() const { return m_method; }
    const Shape& inputShape() const { return m_shape; }
    const std::vector<double>& center() const { return m_center; }
    const std::vector<double>& scale() const { return m_scale; }

private:
    Index groups() const;  // features (F) or channels (L, C)
    static Normalizer parse(const nlohmann::json& j, const std::string& where, bool targets);
    /// out = f(in, first[k], second[k]) for each value of group k (out may be in).
    template <typename F>
    void transform(const Mat<float>& in, Mat<float>& out, const std::vector<float>& first,
                   const std::vector<float>& second, F f) const;

    bool m_targets = false;  // scales regression targets (JSON: output_shape)
    Method m_method = Method::Standard;
    Shape m_shape;
    std::vector<double> m_center;
    std::vector<double> m_scale;
};

}  // namespace byom
