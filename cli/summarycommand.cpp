#include <ostream>

#include "cli/commands.h"
#include "cli/modelsource.h"
#include "core/model/summary.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"

namespace byom {

int runSummary(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"project", "arch", "params", "input-shape", "classes"}, {"json"});
    const ModelSource src = ModelSource::fromArgs(args);
    const auto model = src.build();
    src.printWarnings(ctx.err);
    const ModelSummary summary = summarize(*model, src.name());
    if (args.has("json"))
        ctx.out << summary.toJson().dump(2) << "\n";
    else
        ctx.out << summary.toText();
    return 0;
}

}  // namespace byom
