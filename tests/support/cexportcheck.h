#pragma once

// What the C library export tests (tst_cexport, tst_cexportint8) share: the tools a build of
// an export needs, and byom export --format c of a model file.

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "core/io/modelfile.h"
#include "support/cliprocess.h"

namespace byom::test {

/// The first of `programs` not on PATH, with `how` to install it; empty when all are there.
inline QString missingProgram(const QStringList& programs, const QString& how) {
    for (const QString& p : programs)
        if (QStandardPaths::findExecutable(p).isEmpty())
            return p + QStringLiteral(" is not installed (") + how + QLatin1Char(')');
    return {};
}

/// gcc and make, for the host build of an export.
inline QString hostToolsMissing() {
    return missingProgram({QStringLiteral("gcc"), QStringLiteral("make")},
                          QStringLiteral("apt build-essential"));
}

/// arm-none-eabi-gcc and QEMU, for the Cortex-M4F build run on the emulated board.
inline QString deviceToolsMissing() {
    return missingProgram({QStringLiteral("arm-none-eabi-gcc"), QStringLiteral("qemu-system-arm")},
                          QStringLiteral("scripts/install-deps --test installs gcc-arm-none-eabi, "
                                         "libnewlib-arm-none-eabi and qemu-system-arm"));
}

/// With BYOM_KEEP_EXPORTS set, keeps the test's exports (and says where they are).
inline void keepExportsIfAsked(QTemporaryDir& dir) {
    if (!qEnvironmentVariableIsSet("BYOM_KEEP_EXPORTS")) return;
    dir.setAutoRemove(false);
    qInfo("exports in %s", qPrintable(dir.path()));
}

/// byom export --model `model` --format c --out `out` --name net.
inline ProgramRun exportCLibrary(const QString& model, const QString& out) {
    return runByom({QStringLiteral("export"), QStringLiteral("--model"), model,
                    QStringLiteral("--format"), QStringLiteral("c"), QStringLiteral("--out"), out,
                    QStringLiteral("--name"), QStringLiteral("net")});
}

/// The text of an export's `file` (empty when it cannot be read).
inline QByteArray exportFile(const QString& dir, const char* file) {
    QFile f(dir + QLatin1Char('/') + QLatin1String(file));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A data function's rows: one per exported case (column "name").
inline void addExportRows(const std::map<std::string, QString>& exports) {
    QTest::addColumn<QString>("name");
    for (const auto& e : exports) QTest::newRow(e.first.c_str()) << QString::fromStdString(e.first);
}

/// Saves `m` as DIR/NAME/model.json and exports it to DIR/NAME/c; that directory, or empty
/// (with a warning) when the export fails.
inline QString saveAndExport(const QTemporaryDir& dir, const std::string& name,
                             const TrainedModel& m) {
    const QString caseDir = dir.filePath(QString::fromStdString(name));
    QDir().mkpath(caseDir);
    const QString model = caseDir + QStringLiteral("/model.json");
    saveModelFile(model.toStdString(), m);
    const QString out = caseDir + QStringLiteral("/c");
    const ProgramRun e = exportCLibrary(model, out);
    if (e.code != 0) {
        qWarning("%s: %s", name.c_str(), qPrintable(e.output));
        return {};
    }
    return out;
}

}  // namespace byom::test
