#include "core/deploy/runquantizer.h"

#include <algorithm>

#include "core/data/dataspec.h"
#include "core/io/export/clowering.h"
#include "core/io/export/exportmodel.h"
#include "core/model/datafit.h"
#include "core/quant/quantizer.h"
#include "core/util/error.h"

namespace byom {

namespace {

RunQuantizer::Result quantize(const TrainedModel& m, const Dataset& calibration,
                              const std::string& calibrationName, const Dataset& report,
                              const std::string& reportName, const std::set<std::string>& keep,
                              Index samples) {
    if (m.quantized)
        throw Error(
            "the model is an int8 model already; quantise the float model it was "
            "made from");
    RunQuantizer::Result r;
    r.samples = std::min<Index>(samples, calibration.size());
    r.calibration = calibrationName;
    const CGraph graph = CLowering::lower(ExportModel::fromTrained(m));
    r.graph = Quantizer::quantize(graph, calibration.x.leftCols(r.samples), keep);
    r.report = QuantReport::compute(m, graph, r.graph, report, reportName, "model");
    return r;
}

}  // namespace

json RunQuantizer::Result::record(const std::set<std::string>& keepFloat) const {
    return {{"scheme", "int8"},
            {"calibration", {{"data", calibration}, {"samples", samples}}},
            {"keep_float", std::vector<std::string>(keepFloat.begin(), keepFloat.end())},
            {"report", report.toJson()}};
}

RunQuantizer::Result RunQuantizer::fromRun(const TrainedModel& m, const RunManifest& run,
                                           const std::string& dataDir,
                                           const std::set<std::string>& keepFloat, Index samples) {
    Dataset data;
    try {
        data = loadDataset(DataSpec::parse(run.dataSpec), dataDir);
    } catch (const Error&) {
        try {
            data = loadDataset(DataSpec::parse(run.dataSpec), ".");
        } catch (const Error& e) {
            throw Error("cannot load the run's data \"" + run.dataSpec + "\" (" + e.what() +
                        "); give the data to calibrate on");
        }
    }
    const auto split = splitDataset(data, run.config.valSplit, run.config.seed);
    const std::string train = "the run's training split of " + run.dataSpec;
    if (split.second.size())
        return quantize(m, split.first, train, split.second,
                        "the run's validation split of " + run.dataSpec, keepFloat, samples);
    return quantize(m, split.first, train, split.first,
                    train + " (the run had no validation split)", keepFloat, samples);
}

RunQuantizer::Result RunQuantizer::fromData(const TrainedModel& m, const Dataset& data,
                                            const std::string& name,
                                            const std::set<std::string>& keepFloat, Index samples) {
    // Labels numbered as the model numbers its classes (the data may list fewer, or in
    // another order).
    Dataset fitted = data;
    fitDataToModel(m, fitted);
    return quantize(m, fitted, name, fitted, name, keepFloat, samples);
}

}  // namespace byom
