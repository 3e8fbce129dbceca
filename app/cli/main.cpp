#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    byom::CliContext ctx{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
    return byom::runCli(std::vector<std::string>(argv + 1, argv + argc), ctx);
}
