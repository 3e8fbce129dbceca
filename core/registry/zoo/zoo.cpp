#include "core/registry/zoo/zoo.h"

namespace byom::zoo {

void appendNorm(std::vector<LayerSpec>& out, const json& norm) {
    if (norm.is_null() || norm == "none") return;
    out.push_back(LayerSpec::of(norm == "layer" ? "layer_norm" : "batch_norm"));
}

LayerSpec conv(long long filters, const json& kernel, const json& strides, const json& dilation,
               bool bias) {
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", kernel},
                                    {"strides", strides},
                                    {"dilation_rate", dilation},
                                    {"padding", "same"},
                                    {"use_bias", bias},
                                    {"kernel_initializer", "he_normal"}});
}

LayerSpec activation(const std::string& name) {
    return LayerSpec::of("activation", {{"activation", name}});
}

void appendHead(std::vector<LayerSpec>& out, std::optional<int> numClasses, double dropout,
                HeadKind head) {
    out.push_back(LayerSpec::of("global_avg_pool1d"));
    if (!numClasses) return;
    if (dropout > 0) out.push_back(LayerSpec::of("dropout", {{"rate", dropout}}));
    out.push_back(
        LayerSpec::of("dense", {{"units", *numClasses}, {"activation", headActivation(head)}}));
}

}  // namespace byom::zoo
