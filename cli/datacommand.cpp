#include <ostream>

#include "cli/commands.h"
#include "core/data/datasetsummary.h"
#include "core/data/dataspec.h"
#include "core/util/error.h"

namespace byom {

int runData(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {}, {"json"});
    const auto& pos = args.positional();
    if (pos.empty() || pos[0] != "inspect")
        throw UsageError(
            "usage: byom data inspect SPEC [--json]  (e.g. csv:iris.csv?label=species)");
    if (pos.size() != 2)
        throw UsageError(
            "data inspect takes one data spec, e.g. byom data inspect synthetic:moons");
    const Dataset data = loadDataset(DataSpec::parse(pos[1]));
    const DatasetSummary summary = DatasetSummary::of(data);
    if (args.has("json")) {
        ctx.out << summary.toJson().dump(2) << "\n";
        return 0;
    }
    const std::string text = summary.toText();
    ctx.out << text;
    if (!text.empty() && text.back() != '\n') ctx.out << "\n";
    return 0;
}

}  // namespace byom
