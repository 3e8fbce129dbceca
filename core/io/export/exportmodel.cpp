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

/// Moves the tensors of `t` named "<prefix>[j].<rest>" (j < count) into out[j] as "<rest>";
/// an index out of range is an error naming `path`.
std::vector<TensorMap> takeIndexed(TensorMap& t, const std::string& prefix, std::size_t count,
                                   const std::string& path) {
    std::vector<TensorMap> out(count);
    for (auto it = t.begin(); it != t.end();) {
        const std::string& key = it->first;
        if (key.rfind(prefix + "[", 0) != 0) {
            ++it;
            continue;
        }
        const std::size_t close = key.find("].");
        const std::size_t j =
            close == std::string::npos
                ? count
                : std::stoul(key.substr(prefix.size() + 1, close - prefix.size() - 1));
        if (j >= count) throw Error(path + ": unexpected tensor name \"" + key + "\"");
        out[j][key.substr(close + 2)] = std::move(it->second);
        it = t.erase(it);
    }
    return out;
}

/// Appends `suffix` to the names of `node` and of its inner layers.
void suffixNames(ExportLayer& node, const std::string& suffix) {
    node.name += suffix;
    for (ExportLayer& c : node.children) suffixNames(c, suffix);
}

ExportLayer buildNode(const LayerSpec& spec, const Shape& in, const Shape& out, TensorMap tensors,
                      const std::string& path, LayerNamer& namer);

/// The nodes of the inner layers `specs` on `in`, their tensors in `tensors` prefixed
/// "layers[j]." (as Sequential names them).
std::vector<ExportLayer> buildChildren(const std::vector<LayerSpec>& specs, const Shape& in,
                                       TensorMap& tensors, const std::string& path,
                                       LayerNamer& namer) {
    std::vector<ExportLayer> out;
    std::vector<TensorMap> inner = takeIndexed(tensors, "layers", specs.size(), path);
    if (specs.empty()) return out;
    const std::vector<Shape> shapes = inferShapes(specs, in);
    Shape current = in;
    for (std::size_t j = 0; j < specs.size(); ++j) {
        out.push_back(buildNode(specs[j], current, shapes[j], std::move(inner[j]),
                                path + ".layers[" + std::to_string(j) + "]", namer));
        current = shapes[j];
    }
    return out;
}

/// Builds one node; `tensors` holds the node's tensors with its blocks' inner tensors still
/// prefixed "layers[j]." (as Sequential and Residual name them) or, in a branch_sum,
/// "branches[i].layers[j].". A branch_sum's children are its copies' layers one copy after
/// the other (branches() of them each); the layers of copy i take the names the template's
/// layers have in the editor and the summary, with "_b<i + 1>" (HeartKit's B1, B2, ...).
ExportLayer buildNode(const LayerSpec& spec, const Shape& in, const Shape& out, TensorMap tensors,
                      const std::string& path, LayerNamer& namer) {
    ExportLayer node;
    node.spec = spec;
    node.spec.layers.clear();
    node.input = in;
    node.output = out;
    node.path = path;
    node.name = namer.next(spec);
    const bool branchSum = spec.kind == "branch_sum";
    std::vector<TensorMap> copies;
    if (branchSum)
        copies =
            takeIndexed(tensors, "branches", spec.params.at("branches").get<std::size_t>(), path);
    else
        node.children = buildChildren(spec.layers, in, tensors, path, namer);
    node.tensors = std::move(tensors);
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
    if (branchSum) {
        // Every copy is named from where the template stands in the walk.
        const LayerNamer start = namer;
        for (std::size_t i = 0; i < copies.size(); ++i) {
            namer = start;
            for (ExportLayer& c : buildChildren(spec.layers, in, copies[i], path, namer)) {
                suffixNames(c, "_b" + std::to_string(i + 1));
                node.children.push_back(std::move(c));
            }
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
