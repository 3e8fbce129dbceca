// byom export --format c, checked by building what it writes: for the zoo's architectures
// with their example params, the example projects and params files, and models covering
// every layer kind of the catalogue, the exported library and its self-test (the engine's
// outputs for reference inputs, within 1e-5) build warning-free with the host's gcc
// (-std=c99 -Wall -Wextra -Wpedantic -Wdouble-promotion -Werror) and pass; the same sources
// cross-compiled for a Cortex-M4F pass on QEMU's mps2-an386, and byom deploy's flash figures
// match arm-none-eabi-size of the library linked for it. gcc and make come with
// build-essential; arm-none-eabi-gcc, newlib and QEMU from scripts/install-deps --test. A
// missing tool skips, and fails under CI=true.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <set>

#include "core/io/modelfile.h"
#include "core/layers/layercatalog.h"
#include "core/registry/modelfactory.h"
#include "core/registry/paramsfile.h"
#include "core/util/rng.h"
#include "support/ccases.h"
#include "support/cexportcheck.h"
#include "support/cliprocess.h"
#include "support/modelcases.h"
#include "support/runtime.h"

using namespace byom;
using namespace byom::test;

namespace {

/// The layer kinds a stack uses, blocks' inner layers included.
void collectKinds(const std::vector<LayerSpec>& specs, std::set<std::string>& kinds) {
    for (const LayerSpec& s : specs) {
        kinds.insert(s.kind);
        collectKinds(s.layers, kinds);
    }
}

}  // namespace

class TestCExport : public QObject {
    Q_OBJECT

    using Run = byom::test::ProgramRun;

    static Run run(const QString& program, const QStringList& args, const QString& dir = {}) {
        return byom::test::runProgram(program, args, dir);
    }

    static Run byom(const QStringList& args) { return byom::test::runByom(args); }

    static QString hostMissing() { return hostToolsMissing(); }
    static QString deviceMissing() { return deviceToolsMissing(); }

    QTemporaryDir m_dir;
    std::map<std::string, QString> m_exports;  // case -> exported directory

    /// A model of `c` with non-trivial weights, BatchNorm statistics, input normalisation
    /// (and target scaling for regression), exported with byom export --format c.
    QString exportCase(const ModelCase& c, Rng& rng) {
        const TrainedModel m = byom::test::withRandomWeights(c, rng);
        return saveAndExport(m_dir, c.name, m);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        keepExportsIfAsked(m_dir);
        Rng rng(7);
        for (const ModelCase& c : cases()) {
            const QString dir = exportCase(c, rng);
            QVERIFY2(!dir.isEmpty(), c.name.c_str());
            m_exports[c.name] = dir;
        }
        // The example project, trained for real: its export's reference inputs are the
        // first samples of the run's validation split (from the manifest next to the model).
        const QString runDir = m_dir.filePath(QStringLiteral("spirals"));
        const Run t = byom({QStringLiteral("train"), QStringLiteral("--project"),
                            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                            QStringLiteral("--epochs"), QStringLiteral("3"),
                            QStringLiteral("--out"), runDir});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        const Run e =
            exportCLibrary(runDir + QStringLiteral("/model.json"), runDir + QStringLiteral("/c"));
        QVERIFY2(e.code == 0, qPrintable(e.output));
        m_exports["example-spirals"] = runDir + QStringLiteral("/c");
    }

    void coversTheCatalogue() {
        std::set<std::string> used;
        for (const ModelCase& c : cases()) collectKinds(c.specs, used);
        used.insert("architecture");  // resolved into its layers by the registry
        for (const std::string& kind : LayerCatalog::instance().kinds())
            QVERIFY2(used.count(kind), qPrintable(QString::fromStdString(kind) +
                                                  QStringLiteral(" is in no C export case")));
    }

    void writesTheLibrary() {
        const QString dir = m_exports.at("every-kind");
        for (const char* f : {"net.h", "net.c", "net_test.c", "Makefile", "mps2-an386/startup.c",
                              "mps2-an386/mps2-an386.ld"})
            QVERIFY2(QFile::exists(dir + QLatin1Char('/') + QLatin1String(f)), f);
        const QByteArray header = exportFile(dir, "net.h");
        for (const char* s :
             {"#define NET_INPUT_SIZE 111", "#define NET_OUTPUT_SIZE 3", "#define NET_ARENA_BYTES",
              "int net_predict(const float *input, "
              "float *output);",
              "int net_predict_with_arena("})
            QVERIFY2(header.contains(s), s);
        const QByteArray source = exportFile(dir, "net.c");
        QVERIFY(!source.contains("malloc"));
        QVERIFY(!source.contains("printf"));
        QVERIFY(!source.contains("double"));
        QVERIFY(source.contains("static const float w0_0["));
        QVERIFY(source.contains("(folded)"));
    }

    void host_data() { addExportRows(m_exports); }

    void host() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(hostMissing());
        const QString dir = m_exports.at(name.toStdString());
        const Run r =
            run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("CC=gcc")}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral(": ok")), qPrintable(r.output));
        qInfo("%s", qPrintable(r.output.trimmed()));
    }

    /// The kernels' register-block path (what a Cortex-M4 without float SIMD compiles, eight
    /// then four outputs' sums in registers) built on the host: the same outputs as the
    /// engine's, for every layer count and width of the cases (remainders included).
    void hostWithoutSimd_data() { host_data(); }

    void hostWithoutSimd() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(hostMissing());
        const QString dir = m_exports.at(name.toStdString());
        const Run r = run(QStringLiteral("make"),
                          {QStringLiteral("-s"), QStringLiteral("-B"), QStringLiteral("CC=gcc"),
                           QStringLiteral("CFLAGS=-std=c99 -O2 -Wall -Wextra -Wpedantic "
                                          "-Wdouble-promotion -Werror -DBYOM_SIMD=0"),
                           QStringLiteral("test")},
                          dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral(": ok")), qPrintable(r.output));
    }

    /// A model without any activation (linear layers only) still builds warning-free: the
    /// library's activate() then has no case to apply.
    void buildsAModelWithoutActivations() {
        BYOM_REQUIRE_RUNTIME(hostMissing());
        Rng rng(3);
        const ModelCase c{
            "linear-only", Shape{21},
            stack(json::array({layer("dense", {{"units", 13}}), layer("dense", {{"units", 1}})})),
            true};
        const QString dir = exportCase(c, rng);
        QVERIFY(!dir.isEmpty());
        QFile f(dir + QStringLiteral("/net.c"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("case ACT_"));
        const Run r =
            run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("CC=gcc")}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral(": ok")), qPrintable(r.output));
    }

    void device_data() { host_data(); }

    void device() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(deviceMissing());
        const QString dir = m_exports.at(name.toStdString());
        const Run r =
            run(QStringLiteral("make"), {QStringLiteral("-s"), QStringLiteral("qemu")}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral(": ok")), qPrintable(r.output));
        qInfo("%s", qPrintable(r.output.trimmed().split(QLatin1Char('\n')).last()));
    }

    /// byom deploy's flash figures against the real build for a Cortex-M4F: the weights the
    /// library declares (its static const arrays, arm-none-eabi-size of the object) within 1%
    /// of the estimate, and the code the library adds to a linked program (startup, libm and
    /// all, against the same program without it, minus those weights) within 25%.
    void flashMatchesTheBudget_data() { host_data(); }

    void flashMatchesTheBudget() {
        QFETCH(QString, name);
        BYOM_REQUIRE_RUNTIME(deviceMissing());
        const QString dir = m_exports.at(name.toStdString());
        QDir(dir).mkpath(QStringLiteral("size"));
        const auto write = [&dir](const char* file, const char* text) {
            QFile f(dir + QStringLiteral("/size/") + QLatin1String(file));
            return f.open(QIODevice::WriteOnly) && f.write(text) > 0;
        };
        QVERIFY(write("with.c",
                      "#include \"../net.h\"\n"
                      "static float input[NET_INPUT_SIZE], output[NET_OUTPUT_SIZE];\n"
                      "int main(void) { return net_predict(input, output); }\n"));
        QVERIFY(write("without.c", "int main(void) { return 0; }\n"));
        const QStringList m4 = {QStringLiteral("-std=c99"),
                                QStringLiteral("-O2"),
                                QStringLiteral("-mcpu=cortex-m4"),
                                QStringLiteral("-mthumb"),
                                QStringLiteral("-mfloat-abi=hard"),
                                QStringLiteral("-mfpu=fpv4-sp-d16"),
                                QStringLiteral("-ffunction-sections"),
                                QStringLiteral("-fdata-sections")};
        const QStringList link = m4 + QStringList{QStringLiteral("--specs=nosys.specs"),
                                                  QStringLiteral("-nostartfiles"),
                                                  QStringLiteral("-Wl,--gc-sections"),
                                                  QStringLiteral("-T"),
                                                  QStringLiteral("mps2-an386/mps2-an386.ld"),
                                                  QStringLiteral("mps2-an386/startup.c")};
        const QString gcc = QStringLiteral("arm-none-eabi-gcc");
        Run r = run(gcc,
                    link + QStringList{QStringLiteral("size/with.c"), QStringLiteral("net.c"),
                                       QStringLiteral("-lm"), QStringLiteral("-o"),
                                       QStringLiteral("size/with.elf")},
                    dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        r = run(gcc,
                link + QStringList{QStringLiteral("size/without.c"), QStringLiteral("-lm"),
                                   QStringLiteral("-o"), QStringLiteral("size/without.elf")},
                dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        // gcc -O2 turns a few small arrays into immediates; -O0 keeps every declared array.
        r = run(gcc,
                QStringList{QStringLiteral("-std=c99"), QStringLiteral("-O0"),
                            QStringLiteral("-mcpu=cortex-m4"), QStringLiteral("-mthumb"),
                            QStringLiteral("-fdata-sections"), QStringLiteral("-c"),
                            QStringLiteral("net.c"), QStringLiteral("-o"),
                            QStringLiteral("size/net-O0.o")},
                dir);
        QVERIFY2(r.code == 0, qPrintable(r.output));
        // arm-none-eabi-size -A: the bytes of the sections whose names start with `prefix`.
        const auto bytes = [&dir](const QString& file, const QString& prefix) -> long long {
            const Run s = run(QStringLiteral("arm-none-eabi-size"),
                              {QStringLiteral("-A"), QStringLiteral("size/") + file}, dir);
            if (s.code != 0) return -1;
            long long sum = 0;
            for (const QString& line : s.output.split(QLatin1Char('\n'))) {
                const QStringList f = line.simplified().split(QLatin1Char(' '));
                if (f.size() >= 2 && f[0].startsWith(prefix)) sum += f[1].toLongLong();
            }
            return sum;
        };
        const long long weights = bytes(QStringLiteral("net-O0.o"), QStringLiteral(".rodata"));
        const long long library = bytes(QStringLiteral("with.elf"), QStringLiteral(".text")) +
                                  bytes(QStringLiteral("with.elf"), QStringLiteral(".rodata")) -
                                  bytes(QStringLiteral("without.elf"), QStringLiteral(".text")) -
                                  bytes(QStringLiteral("without.elf"), QStringLiteral(".rodata"));
        const QString model = QFileInfo(dir).dir().filePath(QStringLiteral("model.json"));
        r = byom({QStringLiteral("deploy"), QStringLiteral("--model"), model,
                  QStringLiteral("--target"), QStringLiteral("apollo3"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        const QJsonObject flash =
            QJsonDocument::fromJson(r.output.toUtf8()).object()[QStringLiteral("flash")].toObject();
        const double weightsEstimate = flash[QStringLiteral("weights_bytes")].toDouble();
        const double codeEstimate = flash[QStringLiteral("code_bytes_estimate")].toDouble();
        const double code = double(library - weights);
        qInfo("weights %lld bytes (estimate %.0f), code %.0f bytes (estimate %.0f)", weights,
              weightsEstimate, code, codeEstimate);
        QVERIFY2(std::abs(double(weights) - weightsEstimate) <= 0.01 * double(weights),
                 qPrintable(
                     QStringLiteral("weights %1, estimate %2").arg(weights).arg(weightsEstimate)));
        QVERIFY2(std::abs(code - codeEstimate) <= 0.25 * code,
                 qPrintable(QStringLiteral("code %1, estimate %2").arg(code).arg(codeEstimate)));
    }

    void refusesABadName() {
        const QString model = m_dir.filePath(QStringLiteral("activations/model.json"));
        const Run r = byom({QStringLiteral("export"), QStringLiteral("--model"), model,
                            QStringLiteral("--format"), QStringLiteral("c"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("bad")),
                            QStringLiteral("--name"), QStringLiteral("1net")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.output.contains(QStringLiteral("C identifier")), qPrintable(r.output));
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("bad"))).exists());
    }

    void takesReferenceInputsFromData() {
        // --data: the first samples of another data set; one that does not fit is refused
        // before anything is written.
        const QString model = m_dir.filePath(QStringLiteral("spirals/model.json"));
        const QString out = m_dir.filePath(QStringLiteral("spirals-data"));
        Run r = byom({QStringLiteral("export"), QStringLiteral("--model"), model,
                      QStringLiteral("--format"), QStringLiteral("c"), QStringLiteral("--out"), out,
                      QStringLiteral("--data"), QStringLiteral("synthetic:spirals?n=30&seed=9")});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        QFile test(out + QStringLiteral("/model_test.c"));
        QVERIFY(test.open(QIODevice::ReadOnly));
        QVERIFY(test.readAll().contains("the first 5 samples of synthetic:spirals?n=30&seed=9"));
        BYOM_REQUIRE_RUNTIME(hostMissing());
        const Run m = run(QStringLiteral("make"), {QStringLiteral("-s")}, out);
        QVERIFY2(m.code == 0 && m.output.contains(QStringLiteral(": ok")), qPrintable(m.output));
        const QString bad = m_dir.filePath(QStringLiteral("spirals-bad"));
        r = byom({QStringLiteral("export"), QStringLiteral("--model"), model,
                  QStringLiteral("--format"), QStringLiteral("c"), QStringLiteral("--out"), bad,
                  QStringLiteral("--data"), QStringLiteral("synthetic:sine?n=20")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.output.contains(QStringLiteral("--data")), qPrintable(r.output));
        QVERIFY(!QDir(bad).exists());
    }

    void needsWeights() {
        const Run r = byom({QStringLiteral("export"), QStringLiteral("--project"),
                            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                            QStringLiteral("--format"), QStringLiteral("c"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("noweights"))});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.output.contains(QStringLiteral("--model")), qPrintable(r.output));
    }
};

QTEST_MAIN(TestCExport)
#include "tst_cexport.moc"
