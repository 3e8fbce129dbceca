#include "core/io/export/tfjsexporter.h"

#include <bit>
#include <filesystem>

#include "core/io/export/kerasgraph.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

static_assert(std::endian::native == std::endian::little, "TF.js weights are little-endian");

json TfjsExporter::modelJson(const ExportModel& model, std::string& weights) {
    if (!model.hasWeights())
        throw Error("tfjs: needs a trained model with weights (--model M.json)");
    const KerasGraph graph(model, KerasGraph::Flavor::Tfjs);
    json layers = json::array();
    json manifest = json::array();
    for (const KerasNode& n : graph.nodes()) {
        json config = n.config;
        config["name"] = n.name;
        config["trainable"] = true;
        config["dtype"] = "float32";
        json inbound = json::array();
        if (!n.inbound.empty()) {
            json call = json::array();
            for (const std::string& in : n.inbound) call.push_back({in, 0, 0, json::object()});
            inbound.push_back(call);
        }
        layers.push_back({{"class_name", n.className},
                          {"config", config},
                          {"name", n.name},
                          {"inbound_nodes", inbound}});
        for (const auto& [wname, t] : n.weights) {
            manifest.push_back(
                {{"name", n.name + "/" + wname}, {"shape", t.shape}, {"dtype", "float32"}});
            weights.append(reinterpret_cast<const char*>(t.data.data()),
                           t.data.size() * sizeof(float));
        }
    }
    const json topology = {{"class_name", "Model"},
                           {"config",
                            {{"name", model.name()},
                             {"layers", layers},
                             {"input_layers", {{graph.nodes().front().name, 0, 0}}},
                             {"output_layers", {{graph.output(), 0, 0}}}}},
                           {"keras_version", "tfjs-layers 4.22.0"},
                           {"backend", "tensor_flow.js"}};
    return {{"format", "layers-model"},
            {"generatedBy", std::string("byom ") + BYOM_VERSION},
            {"convertedBy", nullptr},
            {"modelTopology", topology},
            {"weightsManifest", {{{"paths", {"weights.bin"}}, {"weights", manifest}}}},
            {"userDefinedMetadata", {{"class_names", model.classNames()}}}};
}

KindSupport TfjsExporter::supports(const std::string& kind) const {
    return KerasGraph::kinds().supports(kind);
}

void TfjsExporter::write(const ExportModel& model, const std::string& outPath) const {
    std::string weights;
    const json j = modelJson(model, weights);
    std::error_code ec;
    std::filesystem::create_directories(outPath, ec);
    if (ec || !std::filesystem::is_directory(outPath))
        throw Error(outPath + ": cannot create the directory (" + ec.message() + ")");
    writeFileAtomic(outPath + "/weights.bin", weights);
    writeFileAtomic(outPath + "/model.json", j.dump(1) + "\n");
}

}  // namespace byom
