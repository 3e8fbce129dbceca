#pragma once

// Tests that need a runtime from outside the repository (node and its packages, Python with
// onnx, torch or jsonschema, ...). Where one is missing they skip on a developer's machine,
// but ctest counts a skip as a pass: under CI (the environment variable CI is "true") they
// fail instead, naming what is missing.

#include <QtTest>

namespace byom::test {

/// Whether a missing runtime fails the test rather than skipping it (CI=true).
inline bool runtimesRequired() {
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

}  // namespace byom::test

/// Skips the current test, or fails it under CI=true, when `missing` (a QString saying what is
/// missing and how to install it) is not empty.
#define BYOM_REQUIRE_RUNTIME(missing)                                                   \
    do {                                                                                \
        const QString byomMissing = (missing);                                          \
        if (!byomMissing.isEmpty()) {                                                   \
            if (byom::test::runtimesRequired())                                         \
                QFAIL(qPrintable(QStringLiteral("a runtime is missing and CI=true: ") + \
                                 byomMissing));                                         \
            QSKIP(qPrintable(byomMissing));                                             \
        }                                                                               \
    } while (false)
