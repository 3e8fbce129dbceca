#include <ostream>

#include "core/cli/commands.h"
#include "core/cli/modelsource.h"
#include "core/model/summary.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"

namespace byom {

int runSummary(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"project", "arch", "params", "input-shape", "classes"}, {"json"});
    ModelSource src = ModelSource::fromArgs(args);
    if (const auto shape = args.get("input-shape")) src.inputShape = Shape::parse(*shape);
    if (args.has("classes")) src.numClasses = args.intValue("classes", 0, 1, 65536);
    if (!src.inputShape)
        throw UsageError("give the input shape with --input-shape (e.g. 100 or 800,1)");
    const ModelFactory factory = src.factory();
    const std::string name = src.architecture.at("name").get<std::string>();
    auto model = factory.build(name, *src.inputShape, src.architecture.at("params"), src.numClasses);
    const ModelSummary summary = summarize(*model, name);
    if (args.has("json")) ctx.out << summary.toJson().dump(2) << "\n";
    else ctx.out << summary.toText();
    return 0;
}

}  // namespace byom
