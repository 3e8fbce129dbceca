// Fuzzes the project loader from text: parseJsonText (syntax, duplicate keys, depth) and
// Project::fromJson (every check and the version migration). A project that loads must save
// and load again. Only byom::Error (ValidationError included) is expected.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/io/projectfile.h"
#include "core/project/project.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    byom::Project project;
    try {
        project = byom::projectFromJson(byom::parseJsonText(text, "fuzz.byom"));
    } catch (const byom::Error&) {
        return 0;
    }
    // Round trip: what was accepted is written and must be accepted again.
    try {
        const std::string saved = project.toJson().dump(2);
        (void)byom::projectFromJson(byom::parseJsonText(saved, "saved.byom"));
    } catch (const byom::Error& e) {
        std::fprintf(stderr, "a loaded project does not load after saving: %s\n", e.what());
        std::abort();
    }
    return 0;
}
