#include "core/io/modelfile.h"

#include <bit>

#include "core/data/normalizer.h"
#include "core/quant/qgraph.h"
#include "core/util/base64.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

static_assert(std::endian::native == std::endian::little, "weights are stored little-endian");

namespace {

std::string taskName(Task t) {
    return t == Task::Classification ? "classification" : "regression";
}

json tensorJson(std::size_t layer, const TensorInfo& t, const float* data) {
    Index n = 1;
    for (Index d : t.shape) n *= d;
    return {{"layer", layer},
            {"name", t.name},
            {"shape", t.shape},
            {"trainable", t.trainable},
            {"dtype", "float32"},
            {"data", base64Encode(data, static_cast<std::size_t>(n) * sizeof(float))}};
}

}  // namespace

json modelToJson(const TrainedModel& m) {
    const Model<float>& model = *m.model;
    json weights = json::array();
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        for (const TensorInfo& t : model.layer(i).tensors()) {
            const float* base = t.trainable ? model.params().data() + model.paramOffset(i)
                                            : model.state().data() + model.stateOffset(i);
            weights.push_back(tensorJson(i, t, base + t.offset));
        }
    }
    json j = {{"format", "byom-model"},
              {"version", kModelFormatVersion},
              {"architecture", m.architecture},
              {"input_shape", model.inputShape().dims},
              {"task", taskName(m.task)},
              {"class_names", m.classNames},
              {"normalization", m.normalization},
              {"layers", LayerSpec::listToJson(model.specs())},
              {"metrics", m.metrics},
              {"weights", weights}};
    if (m.numClasses) j["num_classes"] = *m.numClasses;
    if (m.task == Task::Regression) j["target_normalization"] = m.targetNormalization;
    if (m.quantized) {
        json q = m.quantization.is_object() ? m.quantization : json::object();
        q["graph"] = m.quantized->toJson();
        j["quantization"] = q;
    }
    return j;
}

namespace {

/// An int8 model's graph, checked against the float model it was quantised from.
void readQuantization(TrainedModel& m, const json& q, const std::string& where) {
    if (!q.is_object() || !q.contains("graph"))
        throw Error(where +
                    ": quantization.graph: is missing (quantise the model again with "
                    "byom quantize)");
    auto graph = std::make_shared<QGraph>(QGraph::fromJson(q["graph"], where));
    const Index in = graph->tensors.front().size;
    const Index out = graph->tensors[static_cast<std::size_t>(graph->output)].size;
    if (in != m.model->inputShape().size() || out != m.model->outputShape().size())
        throw Error(where + ": quantization.graph: takes " + std::to_string(in) +
                    " values and gives " + std::to_string(out) + ", but the model takes " +
                    m.model->inputShape().toString() + " and gives " +
                    m.model->outputShape().toString() + " (quantise the model again)");
    m.quantized = std::move(graph);
    m.quantization = q;
    m.quantization.erase("graph");
}

}  // namespace

TrainedModel modelFromJson(const json& j, const std::string& where) {
    auto fail = [&](const std::string& path, const std::string& msg) -> Error {
        return Error(where + ": " + path + ": " + msg);
    };
    if (!j.is_object() || j.value("format", json()) != "byom-model")
        throw Error(where + ": not a BYOM model file (expected \"format\": \"byom-model\")");
    const json& version = j.value("version", json());
    if (!version.is_number_integer()) throw fail("version", "must be an integer");
    if (version.get<long long>() > kModelFormatVersion)
        throw fail("version", "this model was written by a newer BYOM (format version " +
                                  version.dump() + "); this build reads up to " +
                                  std::to_string(kModelFormatVersion));
    TrainedModel m;
    m.architecture = j.value("architecture", json());
    const json& shape = j.value("input_shape", json());
    if (!shape.is_array() || shape.empty() || shape.size() > 2)
        throw fail("input_shape", "must be a list of one or two positive integers");
    Shape input;
    for (const json& d : shape) {
        if (!d.is_number_integer() || d.get<long long>() < 1 || d.get<long long>() > (1LL << 31))
            throw fail("input_shape", "must be a list of one or two positive integers");
        input.dims.push_back(d.get<Index>());
    }
    const json& taskJson = j.value("task", json("classification"));
    const std::string task = taskJson.is_string() ? taskJson.get<std::string>() : "";
    if (task != "classification" && task != "regression")
        throw fail("task", "must be classification or regression");
    m.task = task == "classification" ? Task::Classification : Task::Regression;
    if (j.contains("class_names")) {
        if (!j["class_names"].is_array()) throw fail("class_names", "must be a list of strings");
        for (const json& c : j["class_names"]) {
            if (!c.is_string()) throw fail("class_names", "must be a list of strings");
            m.classNames.push_back(c.get<std::string>());
        }
    }
    if (j.contains("num_classes") && j["num_classes"].is_number_integer())
        m.numClasses = j["num_classes"].get<int>();
    m.normalization = j.value("normalization", json());
    m.metrics = j.value("metrics", json::object());
    if (!j.contains("layers")) throw fail("layers", "is missing");
    std::vector<LayerSpec> specs;
    try {
        specs = LayerSpec::listFromJson(j["layers"], "layers");
        m.model = std::make_unique<Model<float>>(std::move(specs), input);
    } catch (const ValidationError& e) {
        throw Error(where + ": " + e.problems().front().toString());
    }
    Model<float>& model = *m.model;
    const json& weights = j.value("weights", json::array());
    if (!weights.is_array()) throw fail("weights", "must be a list of tensors");
    std::size_t next = 0;
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        for (const TensorInfo& t : model.layer(i).tensors()) {
            const std::string path = "weights[" + std::to_string(next) + "]";
            if (next >= weights.size())
                throw fail("weights",
                           "missing tensor " + t.name + " of layer " + std::to_string(i));
            const json& w = weights[next++];
            if (!w.is_object() || w.value("layer", json()) != json(i) ||
                w.value("name", json()) != json(t.name))
                throw fail(path,
                           "expected tensor \"" + t.name + "\" of layer " + std::to_string(i));
            if (w.value("shape", json()) != json(t.shape))
                throw fail(path + ".shape", "must be " + json(t.shape).dump() + " for this layer");
            Index n = 1;
            for (Index d : t.shape) n *= d;
            const json& data = w.value("data", json());
            float* dst = t.trainable ? model.params().data() + model.paramOffset(i)
                                     : model.state().data() + model.stateOffset(i);
            if (data.is_string() &&
                base64DecodeTo(data.get_ref<const std::string&>(), dst + t.offset,
                               static_cast<std::size_t>(n) * sizeof(float)))
                continue;
            // Not base64, or the wrong number of values: decode again to say which.
            if (!data.is_string() || !base64Decode(data.get_ref<const std::string&>(), bytes))
                throw fail(path + ".data", "must be base64 text");
            throw fail(path + ".data", "holds " + std::to_string(bytes.size() / 4) +
                                           " values, expected " + std::to_string(n));
        }
    }
    if (next != weights.size()) throw fail("weights", "has more tensors than the layers use");
    // Absent or null (files written before targets were standardised): outputs are in the
    // target's units as they are.
    m.targetNormalization = j.value("target_normalization", json());
    if (!m.targetNormalization.is_null()) {
        if (m.task != Task::Regression)
            throw fail("target_normalization", "only a regression model has one");
        const Normalizer targets =
            Normalizer::fromTargetJson(m.targetNormalization, where + ": target_normalization");
        if (targets.inputShape() != model.outputShape())
            throw fail("target_normalization.output_shape",
                       "must be the model's output shape " + model.outputShape().toString());
    }
    if (j.contains("quantization")) readQuantization(m, j["quantization"], where);
    return m;
}

void saveModelFile(const std::string& path, const TrainedModel& m) {
    saveModelJson(path, modelToJson(m));
}

void saveModelJson(const std::string& path, const json& model) {
    std::string text = dumpJson(model, 1);
    text += '\n';
    writeFileAtomic(path, text);
}

TrainedModel loadModelFile(const std::string& path) {
    return modelFromJson(readJsonFile(path), path);
}

}  // namespace byom
