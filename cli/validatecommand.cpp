#include <ostream>

#include "cli/commands.h"
#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/registry/modelfactory.h"
#include "core/registry/paramsfile.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

int runValidate(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {}, {});
    if (args.positional().size() != 1) throw UsageError("give one file: byom validate FILE");
    const std::string path = args.positional()[0];
    const json j = readJsonFile(path);
    const json format = j.is_object() ? j.value("format", json()) : json();
    if (format == "byom-project") {
        loadProject(path);
        ctx.out << path << ": a valid project\n";
    } else if (format == "byom-model") {
        loadModelFile(path);
        ctx.out << path << ": a valid model\n";
    } else if (j.is_object() && (j.contains("name") || j.contains("architecture"))) {
        const ParamsFile file = ParamsFile::fromJson(j, path);
        const std::string& name = file.name;
        // A user architecture written out with its layers defines itself (as on import).
        ModelFactory factory = ModelFactory::withBuiltins();
        factory.adoptDefinition(name, file.params);
        try {
            factory.expand(name, file.inputShape.value_or(Shape{1}), file.params, file.numClasses);
        } catch (const Error&) {
            rethrowNamingFile(path);
        }
        ctx.out << path << ": valid architecture params for " << name << "\n";
    } else {
        throw Error(path + ": not a BYOM project, model or architecture params file");
    }
    return 0;
}

}  // namespace byom
