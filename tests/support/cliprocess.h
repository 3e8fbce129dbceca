#pragma once

// The byom command line run as a real process, for the tests of tests/cli.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QtGlobal>

namespace byom::test {

/// One run of byom: its exit code and what it printed.
struct CliRun {
    int code;
    QString out;
    QString err;
};

/// Runs byom with `args` (two minutes at most; a timeout is exit code -1).
inline CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(BYOM_CLI_PATH), args);
    if (!p.waitForFinished(120000)) return {-1, {}, QStringLiteral("timeout")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

/// Writes `contents` to `name` in `dir` and returns its path.
inline QString writeTestFile(const QTemporaryDir& dir, const QString& name,
                             const QByteArray& contents) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(contents);
    return path;
}

/// The JSON object in a file (empty when it cannot be read).
inline QJsonObject readJsonObject(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

/// Every command of byom; each must answer --help.
inline QStringList cliCommands() {
    return {QStringLiteral("layers"), QStringLiteral("registry"), QStringLiteral("summary"),
            QStringLiteral("train"),  QStringLiteral("evaluate"), QStringLiteral("predict"),
            QStringLiteral("export"), QStringLiteral("deploy"),   QStringLiteral("validate"),
            QStringLiteral("data"),   QStringLiteral("version")};
}

}  // namespace byom::test
