#include "core/io/export/referenceinputs.h"

#include <algorithm>

#include "core/data/dataspec.h"

namespace byom {

namespace {

void firstRows(ExportOptions& options, const Dataset& data, Index rows, const std::string& what) {
    const Index n = std::min<Index>(rows, data.size());
    options.referenceInputs = data.x.leftCols(n);
    options.referenceSource = "the first " + std::to_string(n) + " samples of " + what;
}

}  // namespace

void ReferenceInputs::fromData(ExportOptions& options, const std::string& spec,
                               const std::string& baseDir, Index rows) {
    firstRows(options, loadDataset(DataSpec::parse(spec), baseDir), rows, spec);
}

void ReferenceInputs::fromRun(ExportOptions& options, const RunManifest& run,
                              const std::string& baseDir, Index rows) {
    const Dataset data = loadDataset(DataSpec::parse(run.dataSpec), baseDir);
    const auto [train, val] = splitDataset(data, run.config.valSplit, run.config.seed);
    if (val.size())
        firstRows(options, val, rows, "the run's validation split of " + run.dataSpec);
    else
        firstRows(options, train, rows, run.dataSpec + " (the run had no validation split)");
}

}  // namespace byom
