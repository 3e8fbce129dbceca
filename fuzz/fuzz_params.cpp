// Fuzzes architecture params ({"name", "params"}, as `byom validate` and File > Import read
// them): ModelFactory::expand for the named architecture, then shape inference on two input
// shapes; and the schema validation of layer params: `params` checked against every layer
// kind's schema (withDefaults/withoutDefaults when valid) and, when "name" is a layer kind, the
// whole object parsed as one layer. Only byom::Error (ValidationError included) is expected.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/layers/layercatalog.h"
#include "core/layers/layerspec.h"
#include "core/model/model.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace {

void inferOn(const std::vector<byom::LayerSpec>& layers) {
    for (const byom::Shape& input : {byom::Shape{64}, byom::Shape{128, 2}}) {
        try {
            (void)byom::inferShapes(layers, input);
        } catch (const byom::Error&) {
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const byom::ModelFactory factory = byom::ModelFactory::withBuiltins();
    const std::string text(reinterpret_cast<const char*>(data), size);
    byom::json j;
    try {
        j = byom::parseJsonText(text, "fuzz.json");
    } catch (const byom::Error&) {
        return 0;
    }
    if (!j.is_object() || !j.contains("name")) return 0;
    const std::string name = j["name"].is_string() ? j["name"].get<std::string>() : "";
    const byom::json params = j.value("params", byom::json::object());

    for (std::optional<int> classes : {std::optional<int>(), std::optional<int>(3)}) {
        try {
            inferOn(factory.expand(name, byom::Shape{64}, params, classes));
        } catch (const byom::Error&) {
        }
    }

    for (const byom::LayerDescriptor& d : byom::LayerCatalog::instance().all()) {
        std::vector<byom::Problem> problems;
        d.schema.validate(params, "params", d.kind, problems);
        if (problems.empty()) {
            const byom::json full = d.schema.withDefaults(params);
            (void)d.schema.withoutDefaults(full);
        }
    }

    std::vector<byom::Problem> problems;
    const byom::LayerSpec layer = byom::LayerSpec::fromJson(j, "layer", problems);
    if (problems.empty()) inferOn({layer});
    return 0;
}
