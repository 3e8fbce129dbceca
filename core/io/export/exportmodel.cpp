#include "core/io/export/exportmodel.h"

#include <cctype>
#include <cmath>
#include <map>

#include "core/data/normalizer.h"
#include "core/io/export/exportutil.h"
#include "core/layers/residual.h"
#include "core/model/layernamer.h"
#include "core/util/error.h"

namespace byom {

namespace {

using TensorMap = std::map<std::string, ExportTensor>;

/// A residual projection as every format writes it, a 1x1 conv (or dense) with a bias: a
/// missing bias becomes zeros, and a batch norm after it (projection_norm batch) is folded in
/// with its moving statistics, k' = k * g / sqrt(v + eps), b' = (b - m) * g / sqrt(v + eps) +
/// beta: the same values at inference.
void foldProjection(TensorMap& t) {
    if (!t.count("projection.kernel")) return;
    ExportTensor& k = t.at("projection.kernel");
    const Index f = k.shape.back();
    if (!t.count("projection.bias"))
        t["projection.bias"] = ExportTensor{{f}, std::vector<float>(f)};
    if (!t.count("projection_bn.gamma")) return;
    std::vector<float>& b = t.at("projection.bias").data;
    const double eps = 1e-3;  // the projection norm's (Residual's)
    std::vector<double> scale(f);
    for (Index j = 0; j < f; ++j) {
        scale[j] = t.at("projection_bn.gamma").data[j] /
                   std::sqrt(double(t.at("projection_bn.moving_variance").data[j]) + eps);
        b[j] = static_cast<float>((b[j] - t.at("projection_bn.moving_mean").data[j]) * scale[j] +
                                  t.at("projection_bn.beta").data[j]);
    }
    for (std::size_t i = 0; i < k.data.size(); ++i)
        k.data[i] = static_cast<float>(k.data[i] * scale[i % f]);
    for (const char* key : {"gamma", "beta", "moving_mean", "moving_variance"})
        t.erase(std::string("projection_bn.") + key);
}

/// Builds one node; `tensors` holds the node's tensors with its blocks' inner tensors still
/// prefixed "layers[j]." (as Sequential and Residual name them).
ExportLayer buildNode(const LayerSpec& spec, const Shape& in, const Shape& out, TensorMap tensors,
                      const std::string& path, LayerNamer& namer) {
    ExportLayer node;
    node.spec = spec;
    node.spec.layers.clear();
    node.input = in;
    node.output = out;
    node.path = path;
    node.name = namer.next(spec);
    std::vector<TensorMap> inner(spec.layers.size());
    for (auto& [key, t] : tensors) {
        if (key.rfind("layers[", 0) == 0) {
            const std::size_t close = key.find("].");
            const std::size_t j =
                close == std::string::npos ? inner.size() : std::stoul(key.substr(7, close - 7));
            if (j >= inner.size()) throw Error(path + ": unexpected tensor name \"" + key + "\"");
            inner[j][key.substr(close + 2)] = std::move(t);
        } else {
            node.tensors[key] = std::move(t);
        }
    }
    if (spec.params.contains("kernel_size") || spec.params.contains("pool_size"))
        node.window = exportWindow(node);
    node.activation = exportActivation(node);
    if (spec.kind == "residual" && Residual<float>::projects(spec.params, in, out)) {
        // The engine's projection: its weights are the "projection." tensors.
        node.projected = true;
        if (in.rank() == 2)
            node.projection.stride = Residual<float>::projectionStride(spec.params, in[0], out[0]);
        foldProjection(node.tensors);
    }
    if (!spec.layers.empty()) {
        const std::vector<Shape> shapes = inferShapes(spec.layers, in);
        Shape current = in;
        for (std::size_t j = 0; j < spec.layers.size(); ++j) {
            node.children.push_back(buildNode(spec.layers[j], current, shapes[j],
                                              std::move(inner[j]),
                                              path + ".layers[" + std::to_string(j) + "]", namer));
            current = shapes[j];
        }
    }
    return node;
}

}  // namespace

ExportModel ExportModel::fromTrained(const TrainedModel& trained, bool withNormalization) {
    if (!trained.model) throw Error("the model has no network to export");
    ExportModel m;
    m.m_trained = &trained;
    m.m_input = trained.model->inputShape();
    m.m_output = trained.model->outputShape();
    m.m_architecture = trained.architecture;
    m.m_numClasses = trained.numClasses;
    m.m_classNames = trained.classNames;
    m.m_task = trained.task;
    m.buildLayers(trained.model->specs(), trained.model.get());
    if (withNormalization && !trained.normalization.is_null()) {
        m.readNormalization(trained.normalization);
    }
    if (!trained.targetNormalization.is_null()) {
        const Normalizer targets = Normalizer::fromTargetJson(trained.targetNormalization);
        if (targets.inputShape() != m.m_output)
            throw Error("target_normalization.output_shape: must be the model's output shape " +
                        m.m_output.toString());
        m.m_targetCenter = targets.center();
        m.m_targetScale = targets.scale();
    }
    return m;
}

ExportModel ExportModel::fromArchitecture(const std::vector<LayerSpec>& specs, const Shape& input,
                                          const json& architecture, std::optional<int> numClasses) {
    ExportModel m;
    m.m_input = input;
    m.m_architecture = architecture;
    m.m_numClasses = numClasses;
    m.buildLayers(specs, nullptr);
    m.m_output = m.m_layers.empty() ? input : m.m_layers.back().output;
    return m;
}

void ExportModel::buildLayers(const std::vector<LayerSpec>& specs, const Model<float>* model) {
    if (specs.empty()) throw Error("the model has no layers to export");
    m_specs = specs;
    const std::vector<Shape> shapes = inferShapes(specs, m_input);
    LayerNamer namer;
    Shape current = m_input;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        TensorMap tensors;
        if (model) {
            for (const TensorInfo& t : model->layer(i).tensors()) {
                const float* base = t.trainable ? model->params().data() + model->paramOffset(i)
                                                : model->state().data() + model->stateOffset(i);
                ExportTensor e{t.shape, {}};
                e.data.assign(base + t.offset, base + t.offset + e.size());
                tensors[t.name] = std::move(e);
            }
        }
        m_layers.push_back(buildNode(specs[i], current, shapes[i], std::move(tensors),
                                     "layers[" + std::to_string(i) + "]", namer));
        current = shapes[i];
    }
}

void ExportModel::readNormalization(const json& j) {
    // The model file's "normalization": x' = (x - center) / scale with one center and one
    // scale per feature of a (F) input or per channel of a (L, C) input.
    const Index groups = m_input.dims.back();
    const auto values = [&](const char* key, std::vector<double>& out) {
        const json* v = j.is_object() && j.contains(key) ? &j.at(key) : nullptr;
        if (!v || !v->is_array() || static_cast<Index>(v->size()) != groups)
            throw Error(std::string("normalization.") + key + ": expected " +
                        std::to_string(groups) + " numbers (one per " +
                        (m_input.rank() == 2 ? "channel" : "feature") + ")");
        for (const json& x : *v) {
            if (!x.is_number())
                throw Error(std::string("normalization.") + key + ": expected numbers");
            out.push_back(x.get<double>());
        }
    };
    values("center", m_normCenter);
    values("scale", m_normScale);
    for (double s : m_normScale)
        if (s == 0.0) throw Error("normalization.scale: a scale of 0 cannot be divided by");
}

std::string ExportModel::name() const {
    const std::string arch = m_architecture.is_object() ? m_architecture.value("name", "") : "";
    std::string out;
    for (char c : arch.empty() ? std::string("byom_model") : arch)
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

}  // namespace byom
