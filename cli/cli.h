#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace byom {

/// Streams and terminal facts a command runs with (tests pass string streams).
struct CliContext {
    std::ostream& out;
    std::ostream& err;
    bool errIsTerminal = false;
};

/// Runs `byom ARGS...` and returns the exit code: 0 success, 2 usage error, 1 any other error
/// (printed as one line on err).
int runCli(const std::vector<std::string>& args, CliContext& ctx);

}  // namespace byom
