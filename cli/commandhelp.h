#pragma once

#include <string>
#include <vector>

namespace byom {

/// The commands of `byom`, in the order `byom help` lists them.
const std::vector<std::string>& commandNames();

/// What `byom COMMAND --help` prints: what the command does, its options and an example.
/// Empty for a command byom does not have.
std::string commandHelp(const std::string& command);

}  // namespace byom
