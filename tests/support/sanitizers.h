#pragma once

/// Whether this build runs under AddressSanitizer or ThreadSanitizer (GCC defines
/// __SANITIZE_*; clang answers __has_feature): such builds run several times slower and hold
/// freed memory back on purpose.
constexpr bool builtWithSanitizers() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}
