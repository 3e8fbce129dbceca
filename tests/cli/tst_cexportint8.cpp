// byom export --format c of an int8 model (byom quantize's file), checked by building what it
// writes: for the models of the C export (every layer kind and activation, the zoo, the
// examples) quantised on random calibration inputs, the int8 library and its self-test
// build warning-free with the host's gcc (-std=c99 -Wall -Wextra -Wpedantic
// -Wdouble-promotion -Werror) and its outputs are the integer engine's (QEngine) bit for
// bit; the same sources cross-compiled for a Cortex-M4F (where the dot products run on
// SMLAD) give the same bits on QEMU's mps2-an386. The library's requantisation (one rounding
// where TFLite has two) equals fixedpoint.cpp's on a million random and edge cases, ties and
// the extreme values included. A missing tool skips, and fails under CI=true.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "core/io/export/cint8kernels.h"
#include "core/io/export/clowering.h"
#include "core/io/export/exportmodel.h"
#include "core/io/modelfile.h"
#include "core/quant/fixedpoint.h"
#include "core/quant/quantizer.h"
#include "core/util/rng.h"
#include "support/ccases.h"
#include "support/cexportcheck.h"
#include "support/cliprocess.h"
#include "support/modelcases.h"
#include "support/runtime.h"

using namespace byom;
using namespace byom::test;

class TestCExportInt8 : public QObject {
    Q_OBJECT

    using Run = byom::test::ProgramRun;

    QTemporaryDir m_dir;
    std::map<std::string, QString> m_exports;  // case -> exported directory

    /// `c` with random weights quantised on random raw inputs (the layers in `keepFloat`
    /// left in float), saved as an int8 model file and exported with byom export --format c.
    QString exportCase(const ModelCase& c, Rng& rng, const std::set<std::string>& keepFloat = {}) {
        TrainedModel m = byom::test::withRandomWeights(c, rng);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        Mat<float> calibration(c.input.size(), 32);
        for (Index i = 0; i < calibration.size(); ++i) calibration.data()[i] = float(rng.normal());
        m.quantized = std::make_shared<QGraph>(Quantizer::quantize(g, calibration, keepFloat));
        return saveAndExport(m_dir, c.name, m);
    }

    /// make TARGET in a case's export: exit 0 and every output equal to the engine's.
    void checkRun(const QString& name, const QStringList& args) {
        const Run r = runProgram(QStringLiteral("make"), QStringList{QStringLiteral("-s")} + args,
                                 m_exports.at(name.toStdString()));
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("largest difference 0: ok")),
                 qPrintable(r.output));
        qInfo("%s", qPrintable(r.output.trimmed().split(QLatin1Char('\n')).last()));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        keepExportsIfAsked(m_dir);
        // And a layer kept in float by choice (byom quantize --keep-float): the library calls
        // the float kernel between a dequantize and a quantize.
        std::vector<std::pair<ModelCase, std::set<std::string>>> all;
        for (ModelCase& c : cases()) all.emplace_back(std::move(c), std::set<std::string>{});
        all.emplace_back(everyActivationMlp("keep-float"), std::set<std::string>{"dense_2"});
        Rng rng(17);
        for (const auto& [c, keepFloat] : all) {
            m_exports[c.name] = exportCase(c, rng, keepFloat);
            QVERIFY2(!m_exports[c.name].isEmpty(), c.name.c_str());
        }
    }

    void writesTheInt8Library() {
        for (const char* name : {"every-kind", "keep-float"}) {
            const QString dir = m_exports.at(name);
            const QByteArray header = exportFile(dir, "net.h");
            for (const char* s : {"#define NET_INPUT_SIZE", "#define NET_ARENA_BYTES",
                                  "int net_predict(const float *input, float *output);",
                                  "int net_predict_with_arena(", "int8"})
                QVERIFY2(header.contains(s), s);
            const QByteArray source = exportFile(dir, "net.c");
            QVERIFY(!source.contains("malloc"));
            QVERIFY(!source.contains("printf"));
            QVERIFY(!source.contains("double"));
            for (const char* s :
                 {"static const int8_t w", "static const int32_t b", "static const int32_t m",
                  "q8_quantize(", "q8_dequantize(", "__smlad("})
                QVERIFY2(source.contains(s), s);
        }
        // The float kernel of the layer kept in float.
        QVERIFY(exportFile(m_exports.at("keep-float"), "net.c").contains("static void dense("));
    }

    /// q8_requantize (the C text, built with the host's gcc) against fixedpoint.cpp's
    /// multiplyByQuantizedMultiplier: random accumulators of every magnitude, the extremes,
    /// exact ties of both roundings, multipliers 0, 2^30, 2^31 - 1 and random, every shift.
    void requantizeMatchesFixedPoint() {
        BYOM_REQUIRE_RUNTIME(hostToolsMissing());
        Rng rng(29);
        const std::int32_t edges[] = {0,
                                      1,
                                      -1,
                                      2,
                                      -2,
                                      INT32_MAX,
                                      INT32_MIN,
                                      INT32_MAX - 1,
                                      INT32_MIN + 1,
                                      1 << 30,
                                      -(1 << 30),
                                      (1 << 30) - 1,
                                      -(1 << 30) - 1};
        std::string cases;
        std::vector<std::int32_t> expected;
        for (int i = 0; i < 1000000; ++i) {
            const int shift = static_cast<int>(rng.below(62)) - 31;
            const int e = shift < 0 ? -shift : 0;
            const auto word = static_cast<std::int32_t>(static_cast<std::uint32_t>(rng.next()));
            const std::uint64_t kind = rng.below(6), mkind = rng.below(4);
            const std::int32_t m = mkind == 0   ? 1 << 30
                                   : mkind == 1 ? INT32_MAX
                                   : mkind == 2
                                       ? static_cast<std::int32_t>(rng.below(3))
                                       : (1 << 30) + static_cast<std::int32_t>(rng.below(1U << 30));
            std::int32_t x = word;
            if (kind == 0) x = edges[rng.below(std::size(edges))];
            if (kind == 1) x = static_cast<std::int32_t>(rng.below(4001)) - 2000;
            if (kind == 2) x = word >> rng.below(32);
            // m = 2^30 halves x: (2k + 1) * 2^e is a tie of the first rounding (e = 0, odd x)
            // or of the second ((2k + 1) * 2^(e - 1) divided by 2^e).
            if (kind == 3 && e < 31)
                x = static_cast<std::int32_t>((static_cast<std::int64_t>(word >> (e + 1)) | 1)
                                              << e);
            // TFLite keeps x * 2^shift in range.
            if (shift > 0) x >>= shift;
            cases +=
                std::to_string(x) + " " + std::to_string(m) + " " + std::to_string(shift) + "\n";
            expected.push_back(multiplyByQuantizedMultiplier(x, {m, shift}));
        }
        const QString dir = m_dir.path() + QStringLiteral("/requantize");
        QVERIFY(QDir().mkpath(dir));
        const std::string program =
            CInt8Kernels::includes() + CInt8Kernels::source({"dense"}) +
            "#include <stdio.h>\n"
            "int main(void)\n{\n    long x, m;\n    int s;\n"
            "    while (scanf(\"%ld %ld %d\", &x, &m, &s) == 3)\n"
            "        printf(\"%ld\\n\", (long)q8_requantize((int32_t)x, (int32_t)m, s));\n"
            "    return 0;\n}\n";
        QFile c(dir + QStringLiteral("/requantize.c")), in(dir + QStringLiteral("/cases.txt"));
        QVERIFY(c.open(QIODevice::WriteOnly) && in.open(QIODevice::WriteOnly));
        c.write(program.data(), static_cast<qint64>(program.size()));
        in.write(cases.data(), static_cast<qint64>(cases.size()));
        c.close();
        in.close();
        Run r = runProgram(
            QStringLiteral("gcc"),
            {QStringLiteral("-std=c99"), QStringLiteral("-O2"), QStringLiteral("-Wall"),
             QStringLiteral("-Wno-unused-function"), QStringLiteral("-Werror"),
             QStringLiteral("requantize.c"), QStringLiteral("-o"), QStringLiteral("requantize")},
            dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        r = runProgram(QStringLiteral("sh"),
                       {QStringLiteral("-c"), QStringLiteral("./requantize < cases.txt")}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.output.left(2000)));
        const QStringList got = r.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(got.size(), qsizetype(expected.size()));
        int differ = 0;
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (got[qsizetype(i)].toLongLong() != expected[i] && differ++ < 5)
                qWarning("case %zu: C %s, fixedpoint.cpp %d", i, qPrintable(got[qsizetype(i)]),
                         expected[i]);
        QCOMPARE(differ, 0);
    }

    void host_data() { addExportRows(m_exports); }

    void host() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(hostToolsMissing());
        checkRun(name, {QStringLiteral("CC=gcc")});
    }

    void device_data() { host_data(); }

    void device() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(deviceToolsMissing());
        checkRun(name, {QStringLiteral("qemu")});
    }

    /// byom deploy of an int8 model budgets its int8 library: the weights and arena its
    /// header states.
    void deployBudgetsTheInt8Library_data() { host_data(); }

    void deployBudgetsTheInt8Library() {
        QFETCH(QString, name);
        const QString dir = m_exports.at(name.toStdString());
        const Run r = runByom({QStringLiteral("deploy"), QStringLiteral("--model"),
                               QFileInfo(dir).dir().filePath(QStringLiteral("model.json")),
                               QStringLiteral("--target"), QStringLiteral("apollo3"),
                               QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        const QJsonObject budget = QJsonDocument::fromJson(r.output.toUtf8()).object();
        const QString header = QString::fromUtf8(exportFile(dir, "net.h"));
        const auto stated = [&header](const char* pattern) {
            return QRegularExpression(QLatin1String(pattern))
                .match(header)
                .captured(1)
                .toLongLong();
        };
        QCOMPARE(budget[QStringLiteral("flash")][QStringLiteral("weights_bytes")].toInteger(),
                 stated("(\\d+) bytes of weights"));
        QCOMPARE(budget[QStringLiteral("ram")][QStringLiteral("arena_bytes")].toInteger(),
                 stated("NET_ARENA_BYTES (\\d+)"));
    }

    /// The weight bytes the header states are the library's constant arrays (arm-none-eabi-size
    /// of the object built at -O0, which keeps every declared array), to the byte.
    void weightBytesAsDeclared_data() { host_data(); }

    void weightBytesAsDeclared() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(deviceToolsMissing());
        const QString dir = m_exports.at(name.toStdString());
        Run r = runProgram(
            QStringLiteral("arm-none-eabi-gcc"),
            {QStringLiteral("-std=c99"), QStringLiteral("-O0"), QStringLiteral("-mcpu=cortex-m4"),
             QStringLiteral("-mthumb"), QStringLiteral("-fdata-sections"), QStringLiteral("-c"),
             QStringLiteral("net.c"), QStringLiteral("-o"), QStringLiteral("net-O0.o")},
            dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        r = runProgram(QStringLiteral("arm-none-eabi-size"),
                       {QStringLiteral("-A"), QStringLiteral("net-O0.o")}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        long long rodata = 0;
        for (const QString& line : r.output.split(QLatin1Char('\n'))) {
            const QStringList f = line.simplified().split(QLatin1Char(' '));
            if (f.size() >= 2 && f[0].startsWith(QStringLiteral(".rodata")))
                rodata += f[1].toLongLong();
        }
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("(\\d+) bytes of weights"))
                .match(QString::fromUtf8(exportFile(dir, "net.h")));
        QVERIFY(m.hasMatch());
        QCOMPARE(rodata, m.captured(1).toLongLong());
    }
};

QTEST_MAIN(TestCExportInt8)
#include "tst_cexportint8.moc"
