// byom deploy: the budget of a model's C library on a microcontroller. The RAM and flash
// figures are those of the real export (its header's arena, its weights), an unknown target
// lists the known ones, and the latency estimate is checked against the instructions the
// exported library takes on QEMU's Cortex-M4 (mps2-an386, -icount shift=0): within 25%.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "support/runtime.h"

class TestDeploy : public QObject {
    Q_OBJECT

    struct Run {
        int code;
        QString output;
    };

    static Run run(const QString& program, const QStringList& args, const QString& dir = {}) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        if (!dir.isEmpty()) p.setWorkingDirectory(dir);
        p.start(program, args);
        if (!p.waitForStarted(20000)) return {-1, program + QStringLiteral(" did not start")};
        if (!p.waitForFinished(300000)) {
            p.kill();
            return {-1, QStringLiteral("timeout")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAll())};
    }

    static Run byom(const QStringList& args) { return run(QStringLiteral(BYOM_CLI_PATH), args); }

    QTemporaryDir m_dir;
    QString m_model;

    QJsonObject budget(const QStringList& extra) {
        Run r = byom(QStringList{QStringLiteral("deploy"), QStringLiteral("--json")} + extra);
        if (r.code != 0) qWarning("%s", qPrintable(r.output));
        return QJsonDocument::fromJson(r.output.toUtf8()).object();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const Run t = byom({QStringLiteral("train"), QStringLiteral("--project"),
                            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                            QStringLiteral("--epochs"), QStringLiteral("2"),
                            QStringLiteral("--out"), m_dir.path()});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        m_model = m_dir.filePath(QStringLiteral("model.json"));
        const Run e = byom({QStringLiteral("export"), QStringLiteral("--model"), m_model,
                            QStringLiteral("--format"), QStringLiteral("c"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("c"))});
        QVERIFY2(e.code == 0, qPrintable(e.output));
    }

    void matchesTheExport() {
        const QJsonObject b = budget({QStringLiteral("--model"), m_model,
                                      QStringLiteral("--target"), QStringLiteral("apollo3")});
        QFile h(m_dir.filePath(QStringLiteral("c/model.h")));
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QString header = QString::fromUtf8(h.readAll());
        const auto macro = [&header](const QString& name) {
            const QRegularExpressionMatch m =
                QRegularExpression(QStringLiteral("#define ") + name + QStringLiteral(" (\\d+)"))
                    .match(header);
            return m.hasMatch() ? m.captured(1).toLongLong() : -1;
        };
        QCOMPARE(b[QStringLiteral("ram")][QStringLiteral("arena_bytes")].toInteger(),
                 macro(QStringLiteral("MODEL_ARENA_BYTES")));
        QCOMPARE(b[QStringLiteral("ram")][QStringLiteral("arena_naive_bytes")].toInteger(),
                 macro(QStringLiteral("MODEL_ARENA_NAIVE_BYTES")));
        QCOMPARE(b[QStringLiteral("ram")][QStringLiteral("input_bytes")].toInteger(),
                 4 * macro(QStringLiteral("MODEL_INPUT_SIZE")));
        // spiral-net: 2 -> 32 -> 32 -> 3 dense layers, the normalisation folded in front.
        QCOMPARE(b[QStringLiteral("macs")].toInteger(), 2 * 32 + 32 * 32 + 32 * 3);
        QVERIFY(b[QStringLiteral("fits")].toBool());
        QVERIFY(b[QStringLiteral("latency_estimate")][QStringLiteral("method")].toString().contains(
            QStringLiteral("QEMU")));
    }

    void reportsWhatDoesNotFit() {
        const QJsonObject b =
            budget({QStringLiteral("--params"),
                    QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/tcn-ecg.json"),
                    QStringLiteral("--input-shape"), QStringLiteral("800,1"),
                    QStringLiteral("--classes"), QStringLiteral("4"), QStringLiteral("--target"),
                    QStringLiteral("custom:clock=64MHz,flash=1MB,ram=64KB")});
        QVERIFY(!b[QStringLiteral("fits")].toBool());
        QVERIFY(b[QStringLiteral("ram")][QStringLiteral("margin_bytes")].toInteger() < 0);
        QCOMPARE(b[QStringLiteral("target")][QStringLiteral("ram_bytes")].toInteger(), 65536);
        const Run text = byom({QStringLiteral("deploy"), QStringLiteral("--params"),
                               QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/tcn-ecg.json"),
                               QStringLiteral("--input-shape"), QStringLiteral("800,1"),
                               QStringLiteral("--classes"), QStringLiteral("4"),
                               QStringLiteral("--target"), QStringLiteral("stm32l476")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.output.contains(QStringLiteral("TOO MUCH")), qPrintable(text.output));
        QVERIFY2(text.output.contains(QStringLiteral("estimate")), qPrintable(text.output));
    }

    void unknownTargetsListTheKnownOnes() {
        Run r = byom({QStringLiteral("deploy"), QStringLiteral("--model"), m_model,
                      QStringLiteral("--target"), QStringLiteral("apolo4")});
        QCOMPARE(r.code, 2);
        for (const char* s : {"did you mean \"apollo4\"", "nrf52840", "cortex-m55", "custom:"})
            QVERIFY2(r.output.contains(QLatin1String(s)), qPrintable(r.output));
        r = byom({QStringLiteral("deploy"), QStringLiteral("--model"), m_model,
                  QStringLiteral("--target"), QStringLiteral("custom:clock=64MHz,flash=1XB")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.output.contains(QStringLiteral("unknown unit")), qPrintable(r.output));
    }

    void latencyEstimateMatchesTheEmulator() {
        BYOM_REQUIRE_RUNTIME(
            QStandardPaths::findExecutable(QStringLiteral("arm-none-eabi-gcc")).isEmpty() ||
                    QStandardPaths::findExecutable(QStringLiteral("qemu-system-arm")).isEmpty()
                ? QStringLiteral("arm-none-eabi-gcc or qemu-system-arm is not installed "
                                 "(scripts/install-deps --test)")
                : QString());
        const Run q =
            run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("qemu-icount")},
                m_dir.filePath(QStringLiteral("c")));
        QVERIFY2(q.code == 0, qPrintable(q.output));
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("sample 0: (\\d+) SysTick ticks")).match(q.output);
        QVERIFY2(m.hasMatch(), qPrintable(q.output));
        const double measured = 40.0 * m.captured(1).toDouble();  // 40 instructions per tick
        const QJsonObject b = budget({QStringLiteral("--model"), m_model,
                                      QStringLiteral("--target"), QStringLiteral("apollo3")});
        const double estimate =
            b[QStringLiteral("latency_estimate")][QStringLiteral("instructions")].toDouble();
        qInfo("instructions per inference: %.0f on QEMU, %.0f estimated", measured, estimate);
        QVERIFY2(
            std::abs(estimate - measured) <= 0.25 * measured,
            qPrintable(QStringLiteral("estimate %1, measured %2").arg(estimate).arg(measured)));
    }
};

QTEST_MAIN(TestDeploy)
#include "tst_deploy.moc"
