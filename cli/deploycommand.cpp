#include <ostream>

#include "cli/commands.h"
#include "cli/modelsource.h"
#include "core/deploy/budget.h"
#include "core/deploy/untrainedmodel.h"
#include "core/io/modelfile.h"
#include "core/util/error.h"

namespace byom {

int runDeploy(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(
        argv, {"model", "project", "arch", "params", "input-shape", "classes", "target"}, {"json"});
    const Target target = Target::parse(args.require("target"));
    const bool fromModel = args.has("model");
    if (fromModel && (args.has("project") || args.has("params") || args.has("arch")))
        throw UsageError("give either --model M.json or --project P [--arch NAME], not both");
    if (!fromModel && !args.has("project") && !args.has("params"))
        throw UsageError(
            "give --model M.json, --project P [--arch NAME] or --params F --input-shape S "
            "--classes N");
    TrainedModel trained;
    if (fromModel) {
        trained = loadModelFile(*args.get("model"));
    } else {
        // An architecture: fresh weights stand in for trained ones (only their count matters).
        const ModelSource src = ModelSource::fromArgs(args);
        trained = untrainedModel(src.build(), src.architecture, src.numClasses);
    }
    const Budget budget = Budget::of(ExportModel::fromTrained(trained), target);
    if (args.has("json"))
        ctx.out << budget.toJson().dump(2) << "\n";
    else
        ctx.out << budget.toText();
    return 0;
}

}  // namespace byom
