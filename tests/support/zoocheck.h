#pragma once

// Checks shared by the tests of the built-in HeartKit families (tst_tcn, tst_efficientnetv2,
// tst_resnet): the layer kinds of an expansion, the error a build gives, and a gradient check
// of a whole expanded architecture.

#include <QtTest>
#include <optional>
#include <string>

#include "core/registry/modelfactory.h"
#include "support/gradcheck.h"

namespace byom::test {

/// "conv1d batch_norm residual(depthwise_conv1d ...) dense": the kinds in order, blocks with
/// their inner layers in brackets.
inline std::string layerKinds(const std::vector<LayerSpec>& layers) {
    std::string s;
    for (const LayerSpec& l : layers) {
        s += (s.empty() ? "" : " ") + l.kind;
        if (!l.layers.empty()) s += "(" + layerKinds(l.layers) + ")";
    }
    return s;
}

/// The message of the error building `name` with `params` gives (empty when it builds).
inline QString buildError(const ModelFactory& f, const std::string& name, const json& params,
                          const Shape& input, std::optional<int> classes = 2) {
    try {
        f.build(name, input, params, classes);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

/// Finite-difference check of the whole expanded architecture in double precision, in
/// training mode (batch statistics): params must leave out random dropouts.
inline void checkArchitectureGradients(const std::string& name, const Shape& input,
                                       const json& params, int classes, Index batch) {
    const ModelFactory f = ModelFactory::withBuiltins();
    Model<double> m(f.expand(name, input, params, classes), input);
    const GradCheckResult r = gradCheck(m, batch, true);
    QVERIFY2(r.maxParamError < 1e-6 && r.maxInputError < 1e-6,
             qPrintable(QStringLiteral("%1 %2").arg(r.maxParamError).arg(r.maxInputError)));
}

}  // namespace byom::test
