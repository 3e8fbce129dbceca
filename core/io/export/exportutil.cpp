#include "core/io/export/exportutil.h"

#include "core/layers/convgeometry.h"
#include "core/schema/schema.h"
#include "core/util/error.h"

namespace byom {

ExportWindow exportWindow(const ExportLayer& layer) {
    const json& p = layer.spec.params;
    const bool pool = p.contains("pool_size");
    const Index kernel = pairValue(p.at(pool ? "pool_size" : "kernel_size"));
    const json& strides = p.at("strides");
    const Index stride = strides.is_null() ? kernel : pairValue(strides);
    const Index dilation = p.contains("dilation_rate") ? pairValue(p.at("dilation_rate")) : 1;
    const ConvGeometry g = ConvGeometry::make(layer.input[0], kernel, stride, dilation,
                                              p.at("padding").get<std::string>(),
                                              pool ? "pool_size" : "kernel_size");
    ExportWindow w;
    w.kernel = kernel;
    w.stride = stride;
    w.dilation = dilation;
    w.same = g.same;
    w.padLeft = g.padLeft;
    if (g.same) {
        const Index span = (kernel - 1) * dilation + 1;
        w.padRight = std::max<Index>((g.outLength - 1) * stride + span - g.length, 0) - g.padLeft;
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
            out[static_cast<std::size_t>(c * rows + r)] = data[static_cast<std::size_t>(r * cols + c)];
    return out;
}

void cannotExport(const std::string& format, const ExportLayer& layer, const std::string& why) {
    throw Error(format + ": cannot export " + layer.describe() + ": " + why);
}

}  // namespace byom
