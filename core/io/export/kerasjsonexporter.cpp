#include "core/io/export/kerasjsonexporter.h"

#include "core/io/export/kerasgraph.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

json batchShape(const std::vector<Index>& shape) {
    json s = json::array({nullptr});
    for (Index d : shape) s.push_back(d);
    return s;
}

json kerasTensor(const KerasNode& from) {
    return {{"class_name", "__keras_tensor__"},
            {"config",
             {{"shape", batchShape(from.outShape)},
              {"dtype", "float32"},
              {"keras_history", {from.name, 0, 0}}}}};
}

const KerasNode& nodeNamed(const KerasGraph& g, const std::string& name) {
    for (const KerasNode& n : g.nodes())
        if (n.name == name) return n;
    return g.nodes().front();
}

}  // namespace

json KerasJsonExporter::toJson(const ExportModel& model) {
    const KerasGraph graph(model, KerasGraph::Flavor::Keras3);
    const bool sequential = graph.isLinear();
    json layers = json::array();
    for (const KerasNode& n : graph.nodes()) {
        json config = n.config;
        config["name"] = n.name;
        if (n.className != "InputLayer") config["trainable"] = true;
        config["dtype"] = "float32";
        json layer = {{"module", "keras.layers"},
                      {"class_name", n.className},
                      {"config", config},
                      {"registered_name", nullptr}};
        if (!n.inbound.empty()) {
            const KerasNode& first = nodeNamed(graph, n.inbound.front());
            layer["build_config"] = {{"input_shape", batchShape(first.outShape)}};
        }
        if (!sequential) {
            layer["name"] = n.name;
            json args = json::array();
            if (n.inbound.size() == 1) {
                args.push_back(kerasTensor(nodeNamed(graph, n.inbound.front())));
            } else if (n.inbound.size() > 1) {
                json list = json::array();
                for (const std::string& in : n.inbound)
                    list.push_back(kerasTensor(nodeNamed(graph, in)));
                args.push_back(list);
            }
            layer["inbound_nodes"] =
                n.inbound.empty() ? json::array()
                                  : json::array({{{"args", args}, {"kwargs", json::object()}}});
        }
        layers.push_back(layer);
    }
    const json inputShape = batchShape(graph.nodes().front().outShape);
    if (sequential)
        return {{"module", "keras"},
                {"class_name", "Sequential"},
                {"config",
                 {{"name", model.name()},
                  {"trainable", true},
                  {"dtype", "float32"},
                  {"layers", layers}}},
                {"registered_name", nullptr},
                {"build_config", {{"input_shape", inputShape}}}};
    return {{"module", "keras.src.models.functional"},
            {"class_name", "Functional"},
            {"config",
             {{"name", model.name()},
              {"trainable", true},
              {"layers", layers},
              {"input_layers", {{graph.nodes().front().name, 0, 0}}},
              {"output_layers", {{graph.output(), 0, 0}}}}},
            {"registered_name", "Functional"},
            {"build_config", {{"input_shape", inputShape}}}};
}

KindSupport KerasJsonExporter::supports(const std::string& kind) const {
    return KerasGraph::kinds().supports(kind);
}

void KerasJsonExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toJson(model).dump(2) + "\n");
}

}  // namespace byom
