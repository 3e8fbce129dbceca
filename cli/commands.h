#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/cli.h"

namespace byom {

// One function per `byom` subcommand; each returns its exit code and throws Error (or
// UsageError) for failures, which runCli turns into one line on stderr.
int runTrain(const std::vector<std::string>& argv, CliContext& ctx);
int runSummary(const std::vector<std::string>& argv, CliContext& ctx);
int runLayers(const std::vector<std::string>& argv, CliContext& ctx);
int runRegistry(const std::vector<std::string>& argv, CliContext& ctx);
int runEvaluate(const std::vector<std::string>& argv, CliContext& ctx);
int runPredict(const std::vector<std::string>& argv, CliContext& ctx);
int runValidate(const std::vector<std::string>& argv, CliContext& ctx);
int runData(const std::vector<std::string>& argv, CliContext& ctx);
int runExport(const std::vector<std::string>& argv, CliContext& ctx);
int runQuantize(const std::vector<std::string>& argv, CliContext& ctx);
int runDeploy(const std::vector<std::string>& argv, CliContext& ctx);

}  // namespace byom
