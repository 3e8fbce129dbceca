#include "core/model/summary.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/layers/layercatalog.h"
#include "core/model/layernamer.h"
#include "core/util/strings.h"

namespace byom {

namespace {

std::string batchShape(const Shape& s) {
    std::string t = "(None";
    for (Index d : s.dims) t += ", " + std::to_string(d);
    return t + ")";
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string humanBytes(long long bytes) {
    char buf[32];
    if (bytes >= 1LL << 30)
        std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / double(1LL << 30));
    else if (bytes >= 1LL << 20)
        std::snprintf(buf, sizeof buf, "%.2f MiB", bytes / double(1 << 20));
    else
        std::snprintf(buf, sizeof buf, "%.2f KiB", bytes / 1024.0);
    return buf;
}

}  // namespace

ModelSummary summarize(const Model<float>& model, const std::string& title, Index batchSize) {
    ModelSummary s;
    s.title = title;
    s.inputShape = model.inputShape();
    LayerNamer namer;
    // Inner layers take their names after their block's, as everywhere else.
    auto nameInner = [&namer](const std::vector<LayerSpec>& layers, auto& self) -> void {
        for (const LayerSpec& l : layers) {
            namer.next(l);
            self(l.layers, self);
        }
    };
    long long activations = 0;
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        const Layer<float>& layer = model.layer(i);
        const LayerSpec& spec = model.specs()[i];
        SummaryRow row;
        row.name = namer.next(spec);
        nameInner(spec.layers, nameInner);
        row.kind = LayerCatalog::instance().get(spec.kind).displayName;
        row.outputShape = layer.outputShape();
        row.params = layer.paramCount() + layer.stateCount();
        row.flops = layer.flops();
        s.trainable += layer.paramCount();
        s.nonTrainable += layer.stateCount();
        s.flops += row.flops;
        activations += layer.activationSize();
        s.rows.push_back(std::move(row));
    }
    // Weights + gradients + two Adam moments, plus each activation and its gradient per sample.
    s.trainingBytes = 4LL * (4 * s.trainable + s.nonTrainable) + 4LL * 2 * activations * batchSize;
    return s;
}

std::string ModelSummary::toText() const {
    // Columns as wide as their longest entry (at least Keras's widths), two spaces apart.
    std::size_t layerWidth = 34, shapeWidth = 22;
    for (const SummaryRow& r : rows) {
        layerWidth = std::max(layerWidth, r.name.size() + r.kind.size() + 5);
        shapeWidth = std::max(shapeWidth, batchShape(r.outputShape).size() + 2);
    }
    const std::size_t width = layerWidth + shapeWidth + 14 + 18;
    const std::string rule(width, '=');
    std::string t = "Model: \"" + title + "\"  input " + inputShape.toString() + "\n";
    t += std::string(width, '_') + "\n";
    t += pad("Layer (type)", layerWidth) + pad("Output Shape", shapeWidth) + pad("Param #", 14) +
         "FLOPs\n";
    t += rule + "\n";
    for (const SummaryRow& r : rows)
        t += pad(r.name + " (" + r.kind + ")", layerWidth) +
             pad(batchShape(r.outputShape), shapeWidth) + pad(withThousands(r.params), 14) +
             withThousands(r.flops) + "\n";
    t += rule + "\n";
    t += "Total params: " + withThousands(total()) + "\n";
    t += "Trainable params: " + withThousands(trainable) + "\n";
    t += "Non-trainable params: " + withThousands(nonTrainable) + "\n";
    t += "FLOPs per sample (forward): " + withThousands(flops) + "\n";
    t += "Training memory estimate (batch 32, Adam): " + humanBytes(trainingBytes) + "\n";
    return t;
}

json ModelSummary::toJson() const {
    json layers = json::array();
    for (const SummaryRow& r : rows)
        layers.push_back({{"name", r.name},
                          {"type", r.kind},
                          {"output_shape", r.outputShape.dims},
                          {"params", r.params},
                          {"flops", r.flops}});
    return {{"title", title},
            {"input_shape", inputShape.dims},
            {"layers", layers},
            {"total_params", total()},
            {"trainable_params", trainable},
            {"non_trainable_params", nonTrainable},
            {"flops", flops},
            {"training_memory_bytes", trainingBytes}};
}

}  // namespace byom
