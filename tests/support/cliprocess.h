#pragma once

// The byom command line run as a real process, for the tests of tests/cli.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
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

/// One run of a program: its exit code (-1 when it did not start, crashed or timed out) and
/// what it printed on stdout and stderr together.
struct ProgramRun {
    int code;
    QString output;
};

/// Runs `program` with `args` in `dir` (the current directory when empty).
inline ProgramRun runProgram(const QString& program, const QStringList& args,
                             const QString& dir = {}, int timeoutMs = 300000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!dir.isEmpty()) p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForStarted(20000)) return {-1, program + QStringLiteral(" did not start")};
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return {-1, QStringLiteral("timeout")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAll())};
}

/// Runs byom with `args`, its outputs merged (five minutes at most).
inline ProgramRun runByom(const QStringList& args) {
    return runProgram(QStringLiteral(BYOM_CLI_PATH), args);
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

/// The base of a test of the command line: byom runs and files written in a temporary
/// directory of the test's own.
class CliTestCase : public QObject {
protected:
    using Run = CliRun;

    static Run byom(const QStringList& args) { return runCli(args); }
    QString write(const QString& name, const QByteArray& contents) {
        return writeTestFile(m_dir, name, contents);
    }
    static QJsonObject readJson(const QString& path) { return readJsonObject(path); }

    QTemporaryDir m_dir;
};

/// Every command of byom; each must answer --help.
inline QStringList cliCommands() {
    return {QStringLiteral("layers"), QStringLiteral("registry"), QStringLiteral("summary"),
            QStringLiteral("train"),  QStringLiteral("evaluate"), QStringLiteral("predict"),
            QStringLiteral("export"), QStringLiteral("deploy"),   QStringLiteral("validate"),
            QStringLiteral("data"),   QStringLiteral("version"),  QStringLiteral("quantize")};
}

}  // namespace byom::test
