// Fuzzes the byom-model importer from text: parseJsonText and modelFromJson (layers, model
// construction, base64 weights). A model that loads must save and load again. Only byom::Error
// is expected.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/io/modelfile.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    byom::TrainedModel model;
    try {
        model = byom::modelFromJson(byom::parseJsonText(text, "fuzz.json"), "fuzz.json");
    } catch (const byom::Error&) {
        return 0;
    }
    try {
        const std::string saved = byom::modelToJson(model).dump(1);
        (void)byom::modelFromJson(byom::parseJsonText(saved, "saved.json"), "saved.json");
    } catch (const byom::Error& e) {
        std::fprintf(stderr, "a loaded model does not load after saving: %s\n", e.what());
        std::abort();
    }
    return 0;
}
