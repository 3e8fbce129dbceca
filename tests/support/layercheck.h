#pragma once

// Helpers shared by the layer tests: gradient checks of a layer stack, shape inference with
// the error text, and consistency checks of a layer's named tensors.

#include <QtTest>
#include <set>
#include <string>

#include "core/model/model.h"
#include "support/gradcheck.h"

namespace byom::test {

/// Gradient check of `specs` on `input` in double; fails the current test (with both errors
/// in the message) when either error exceeds 1e-7.
#define BYOM_CHECK_GRADS(specs, input, batch, training, ...)                            \
    do {                                                                                \
        byom::Model<double> gcModel(specs, input);                                      \
        const auto gc =                                                                 \
            byom::test::gradCheck(gcModel, batch, training __VA_OPT__(, ) __VA_ARGS__); \
        QVERIFY2(gc.maxParamError < 1e-7 && gc.maxInputError < 1e-7,                    \
                 qPrintable(QStringLiteral("param error %1, input error %2")            \
                                .arg(gc.maxParamError)                                  \
                                .arg(gc.maxInputError)));                               \
    } while (false)

/// The output shape of one layer on `input`, or the error message as "error: ...".
inline QString shapeOrError(const LayerSpec& spec, const Shape& input) {
    try {
        return QString::fromStdString(inferShapes({spec}, input).back().toString());
    } catch (const std::exception& e) {
        return QStringLiteral("error: ") + QString::fromUtf8(e.what());
    }
}

/// "" when a layer's tensors are consistent: unique names, trainable tensors tiling
/// [0, paramCount) and state tensors tiling [0, stateCount) in order; else what is wrong.
template <typename T>
QString tensorProblems(const Layer<T>& layer) {
    std::set<std::string> names;
    Index paramEnd = 0;
    Index stateEnd = 0;
    for (const TensorInfo& t : layer.tensors()) {
        if (!names.insert(t.name).second)
            return QStringLiteral("duplicate tensor ") + QString::fromStdString(t.name);
        Index size = 1;
        for (Index d : t.shape) size *= d;
        Index& end = t.trainable ? paramEnd : stateEnd;
        if (t.offset != end)
            return QStringLiteral("tensor %1 at offset %2, expected %3")
                .arg(QString::fromStdString(t.name))
                .arg(t.offset)
                .arg(end);
        end += size;
    }
    if (paramEnd != layer.paramCount())
        return QStringLiteral("trainable tensors cover %1 of %2 parameters")
            .arg(paramEnd)
            .arg(layer.paramCount());
    if (stateEnd != layer.stateCount())
        return QStringLiteral("state tensors cover %1 of %2 values")
            .arg(stateEnd)
            .arg(layer.stateCount());
    return {};
}

/// The names of a layer's tensors, in order.
template <typename T>
QStringList tensorNames(const Layer<T>& layer) {
    QStringList names;
    for (const TensorInfo& t : layer.tensors()) names << QString::fromStdString(t.name);
    return names;
}

}  // namespace byom::test
