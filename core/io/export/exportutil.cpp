#include "core/io/export/exportutil.h"

#include <algorithm>

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

}  // namespace byom
