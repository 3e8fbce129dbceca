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
        const char* value = std::getenv("BYOM_THREADS");
        if (!value || !*value) return;
        char* end = nullptr;
        const long n = std::strtol(value, &end, 10);
        if (*end == '\0' && n >= 1 && n <= 1024) set(static_cast<int>(n));
    });
    return get();
}

}  // namespace byom
