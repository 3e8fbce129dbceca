#include "core/train/threadcount.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace byom {

int ThreadCount::get() {
    return Eigen::nbThreads();
}

void ThreadCount::set(int n) {
    Eigen::setNbThreads(std::max(1, n));
}

int ThreadCount::fromEnvironment() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Unset, Eigen would take OpenMP's default (every core), and its idle threads spin
        // between the products: on 2 cores about 40% of the CPU time of a conv model's training.
        const char* value = std::getenv("BYOM_THREADS");
        char* end = nullptr;
        const long n = value && *value ? std::strtol(value, &end, 10) : 0;
        set(end && *end == '\0' && n >= 1 && n <= 1024 ? static_cast<int>(n) : 1);
    });
    return get();
}

}  // namespace byom
