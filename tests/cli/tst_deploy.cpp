// byom deploy: the budget of a model's C library on a microcontroller. The RAM and flash
// figures are those of the real export (its header's arena, its weights), an unknown target
// lists the known ones, and the latency estimate is checked against the instructions the
// exported library takes on QEMU's Cortex-M4 (mps2-an386, -icount shift=0): within 25%, for
// the float library and, for int8 models (byom quantize) of the example tcn and of an ECG
// CNN, for the int8 library (whose kernels' counts the int8 estimate uses), whose code estimate
// is checked against the object's .text, within 25% too.

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
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
        // Per layer, named as the stack names them; the normalisation is a call of its own.
        const QJsonArray layers = b[QStringLiteral("layers")].toArray();
        QStringList names;
        long long macs = 0;
        double instructions = 0;
        for (const QJsonValue& l : layers) {
            names << l[QStringLiteral("name")].toString();
            macs += l[QStringLiteral("macs")].toInteger();
            instructions += l[QStringLiteral("instructions_estimate")].toDouble();
        }
        QCOMPARE(names, (QStringList{QStringLiteral("input normalisation"), QStringLiteral("dense"),
                                     QStringLiteral("dense_1"), QStringLiteral("dense_2")}));
        QCOMPARE(macs, b[QStringLiteral("macs")].toInteger());
        QCOMPARE(layers[2][QStringLiteral("weights_bytes")].toInteger(), (32 * 32 + 32) * 4);
        const double total =
            b[QStringLiteral("latency_estimate")][QStringLiteral("instructions")].toDouble();
        QVERIFY(instructions > 0.9 * total && instructions < total);
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

    static QString deviceToolsMissing() {
        return QStandardPaths::findExecutable(QStringLiteral("arm-none-eabi-gcc")).isEmpty() ||
                       QStandardPaths::findExecutable(QStringLiteral("qemu-system-arm")).isEmpty()
                   ? QStringLiteral(
                         "arm-none-eabi-gcc or qemu-system-arm is not installed "
                         "(scripts/install-deps --test)")
                   : QString();
    }

    /// The instructions of sample 0 of the C export in `dir` on QEMU against byom deploy's
    /// estimate for `model`: within 25%.
    void checkLatency(const QString& dir, const QString& model) {
        const Run q =
            run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("qemu-icount")}, dir);
        QVERIFY2(q.code == 0, qPrintable(q.output));
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("sample 0: (\\d+) SysTick ticks")).match(q.output);
        QVERIFY2(m.hasMatch(), qPrintable(q.output));
        const double measured = 40.0 * m.captured(1).toDouble();  // 40 instructions per tick
        const QJsonObject b = budget({QStringLiteral("--model"), model, QStringLiteral("--target"),
                                      QStringLiteral("apollo3")});
        const double estimate =
            b[QStringLiteral("latency_estimate")][QStringLiteral("instructions")].toDouble();
        qInfo("instructions per inference: %.0f on QEMU, %.0f estimated", measured, estimate);
        QVERIFY2(
            std::abs(estimate - measured) <= 0.25 * measured,
            qPrintable(QStringLiteral("estimate %1, measured %2").arg(estimate).arg(measured)));
    }

    void latencyEstimateMatchesTheEmulator() {
        BYOM_REQUIRE_RUNTIME(deviceToolsMissing());
        checkLatency(m_dir.filePath(QStringLiteral("c")), m_model);
    }

    /// An int8 model: trained for an epoch on synthetic ECG, quantised, exported; the estimate
    /// comes from the int8 kernels' counts and says so.
    void int8LatencyEstimateMatchesTheEmulator_data() {
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("data");
        QTest::newRow("tcn") << QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/tcn-ecg.json")
                             << QStringLiteral("synthetic:ecg-segmentation?n=16&length=800");
        // bench/trainbench.cpp's cnn1d-ecg.
        const QString layers = QStringLiteral(
            R"({"name": "stack", "params": {"layers": [
              {"name": "conv1d", "params": {"filters": 16, "kernel_size": 7, "strides": 2,
                                            "padding": "same"}},
              {"name": "batch_norm", "params": {}},
              {"name": "activation", "params": {"activation": "relu"}},
              {"name": "max_pool1d", "params": {"pool_size": 2}},
              {"name": "conv1d", "params": {"filters": 32, "kernel_size": 5, "padding": "same"}},
              {"name": "batch_norm", "params": {}},
              {"name": "activation", "params": {"activation": "relu"}},
              {"name": "max_pool1d", "params": {"pool_size": 2}},
              {"name": "conv1d", "params": {"filters": 64, "kernel_size": 5, "padding": "same",
                                            "activation": "relu"}},
              {"name": "global_avg_pool1d", "params": {}},
              {"name": "dense", "params": {"units": 4, "activation": "softmax"}}]}})");
        QFile f(m_dir.filePath(QStringLiteral("cnn1d-ecg.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(layers.toUtf8());
        f.close();
        QTest::newRow("cnn1d-ecg")
            << f.fileName() << QStringLiteral("synthetic:ecg-rhythm?n=16&length=800");
    }

    void int8LatencyEstimateMatchesTheEmulator() {
        QFETCH(QString, params);
        QFETCH(QString, data);
        BYOM_REQUIRE_RUNTIME(deviceToolsMissing());
        const QString dir = m_dir.filePath(QFileInfo(params).baseName());
        Run r =
            byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                  QStringLiteral("--data"), data, QStringLiteral("--epochs"), QStringLiteral("1"),
                  QStringLiteral("--out"), dir, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        const QString int8 = dir + QStringLiteral("/int8.json");
        r = byom({QStringLiteral("quantize"), QStringLiteral("--model"),
                  dir + QStringLiteral("/model.json"), QStringLiteral("--data"), data,
                  QStringLiteral("--out"), int8});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        r = byom({QStringLiteral("export"), QStringLiteral("--model"), int8,
                  QStringLiteral("--format"), QStringLiteral("c"), QStringLiteral("--out"),
                  dir + QStringLiteral("/c8")});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        const QJsonObject b = budget({QStringLiteral("--model"), int8, QStringLiteral("--target"),
                                      QStringLiteral("apollo3")});
        QVERIFY(b[QStringLiteral("latency_estimate")][QStringLiteral("method")].toString().contains(
            QStringLiteral("the int8 kernels' instruction counts")));
        checkLatency(dir + QStringLiteral("/c8"), int8);
        // The code estimate against the library's .text for the Cortex-M4F: within 25% too.
        r = run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("model-m4.o")},
                dir + QStringLiteral("/c8"));
        QVERIFY2(r.code == 0, qPrintable(r.output));
        r = run(QStringLiteral("arm-none-eabi-size"),
                {QStringLiteral("-A"), QStringLiteral("model-m4.o")}, dir + QStringLiteral("/c8"));
        QVERIFY2(r.code == 0, qPrintable(r.output));
        double text = 0;
        for (const QString& line : r.output.split(QLatin1Char('\n'))) {
            const QStringList f = line.simplified().split(QLatin1Char(' '));
            if (f.size() >= 2 && f[0].startsWith(QStringLiteral(".text"))) text += f[1].toDouble();
        }
        const double code =
            b[QStringLiteral("flash")][QStringLiteral("code_bytes_estimate")].toDouble();
        qInfo("code bytes: %.0f in the object, %.0f estimated", text, code);
        QVERIFY2(text > 0 && std::abs(code - text) <= 0.25 * text,
                 qPrintable(QStringLiteral("estimate %1, object %2").arg(code).arg(text)));
    }
};

QTEST_MAIN(TestDeploy)
#include "tst_deploy.moc"
