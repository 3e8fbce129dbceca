#pragma once

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include "core/util/rng.h"

/// Forks a child that runs `work` (a loop that never returns), lets it run for a random
/// 0.2-15 ms and kills it with SIGKILL. Returns true when the child died of that signal, false
/// when it could not be forked or ended some other way (a crash inside `work`).
template <class Work>
bool runAndKill(byom::Rng& rng, Work work) {
    const pid_t child = ::fork();
    if (child < 0) return false;
    if (child == 0) {
        work();
        ::_exit(0);
    }
    ::usleep(static_cast<useconds_t>(200 + rng.below(15000)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}
