#include "core/io/export/exportutil.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/schema/schema.h"
#include "core/util/error.h"

namespace byom {

ExportWindow exportWindow(const ExportLayer& layer) {
    // Keras/TensorFlow window arithmetic (span = (kernel - 1) * dilation + 1):
    //   valid: out = (length - span) / stride + 1, no padding
    //   same:  out = ceil(length / stride), padTotal = max((out - 1) * stride + span - length, 0),
    //          padLeft = padTotal / 2, padRight = padTotal - padLeft
    const json& p = layer.spec.params;
    const bool pool = p.contains("pool_size");
    ExportWindow w;
    w.kernel = pairValue(p.at(pool ? "pool_size" : "kernel_size"));
    const json& strides = p.at("strides");
    w.stride = strides.is_null() ? w.kernel : pairValue(strides);
    w.dilation = p.contains("dilation_rate") ? pairValue(p.at("dilation_rate")) : 1;
    w.same = p.at("padding").get<std::string>() == "same";
    if (w.same) {
        const Index length = layer.input[0];
        const Index span = (w.kernel - 1) * w.dilation + 1;
        const Index out = (length + w.stride - 1) / w.stride;
        const Index total = std::max<Index>((out - 1) * w.stride + span - length, 0);
        w.padLeft = total / 2;
        w.padRight = total - w.padLeft;
    }
    return w;
}

ExportActivation exportActivation(const ExportLayer& layer) {
    ExportActivation a;
    const json& p = layer.spec.params;
    if (!p.contains("activation")) return a;
    a.act = parseActivation(p.at("activation").get<std::string>());
    const ActParams defaults;
    a.alpha = a.act == Act::Elu ? defaults.eluAlpha : defaults.leakyAlpha;
    if (p.contains("alpha") && !p.at("alpha").is_null()) a.alpha = p.at("alpha").get<double>();
    return a;
}

std::vector<float> transposed(const std::vector<float>& data, Index rows, Index cols) {
    std::vector<float> out(data.size());
    for (Index r = 0; r < rows; ++r)
        for (Index c = 0; c < cols; ++c)
            out[static_cast<std::size_t>(c * rows + r)] =
                data[static_cast<std::size_t>(r * cols + c)];
    return out;
}

ChannelAffine batchNormAffine(const ExportLayer& layer) {
    const double eps = layer.param("epsilon").get<double>();
    const std::vector<float>& gamma = layer.tensor("gamma").data;
    const std::vector<float>& beta = layer.tensor("beta").data;
    const std::vector<float>& mean = layer.tensor("moving_mean").data;
    const std::vector<float>& var = layer.tensor("moving_variance").data;
    ChannelAffine a;
    for (std::size_t c = 0; c < gamma.size(); ++c) {
        const double s = double(gamma[c]) / std::sqrt(double(var[c]) + eps);
        a.scale.push_back(s);
        a.shift.push_back(double(beta[c]) - double(mean[c]) * s);
    }
    return a;
}

ChannelAffine normalizationAffine(const std::vector<double>& center,
                                  const std::vector<double>& scale) {
    ChannelAffine a;
    for (std::size_t i = 0; i < scale.size(); ++i) {
        a.scale.push_back(1.0 / scale[i]);
        a.shift.push_back(-center[i] / scale[i]);
    }
    return a;
}

bool isCIdentifier(const std::string& name) {
    bool ok = !name.empty() && name.size() <= 40 &&
              (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    return ok;
}

}  // namespace byom
