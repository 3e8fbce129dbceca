#pragma once

// byom export checked in the real runtimes, for tests/cli/tst_export*.cpp: a model's ONNX
// file passes onnx.checker and runs in ONNX Runtime (onnxruntime-node), its TF.js directory
// loads with tf.loadLayersModel (@tensorflow/tfjs under Node), its PyTorch script runs with
// Debian's python3-torch and its TFLite file runs in Arm NN (Debian's python3-pyarmnn, the
// CpuRef backend, tests/tools/run-tflite.py); each must give `byom predict`'s outputs within
// 1e-4. A TFLite file holding an operator Arm NN 20.08 cannot parse (armnnUnparsedKinds(),
// empty today) must be refused by Arm NN, naming that operator, instead.
// Runtimes come from scripts/test (apt python3-onnx python3-torch python3-pyarmnn
// libarmnn-cpuref-backend22 nodejs npm, and `npm ci --ignore-scripts` in tests/tools); a
// check skips only when one is missing, and fails instead under CI (CI=true), where every
// runtime must be there.

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/io/modelfile.h"
#include "support/cliprocess.h"
#include "support/modelcases.h"
#include "support/runtime.h"

namespace byom::test {

/// How far an export's outputs may be from byom predict's (BYOM_SHOW_DIFFERENCES=1 prints
/// each export's largest difference).
inline constexpr double kExportTolerance = 1e-4;

/// The Python the runtimes are imported in (Debian's, with its apt packages).
inline QString python() {
    return QStringLiteral("/usr/bin/python3");
}

/// tests/tools: the Node scripts that run ONNX and TF.js exports, and their node_modules.
inline QString exportToolsDir() {
    return QStringLiteral(BYOM_SOURCE_DIR "/tests/tools");
}

/// Empty when node and the npm packages are there, else why not.
inline QString nodeMissing() {
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        return QStringLiteral(
            "node is not installed (scripts/install-deps --test installs nodejs)");
    if (!QDir(exportToolsDir() + QStringLiteral("/node_modules/onnxruntime-node")).exists() ||
        !QDir(exportToolsDir() + QStringLiteral("/node_modules/@tensorflow/tfjs")).exists())
        return QStringLiteral(
            "tests/tools/node_modules is missing (scripts/test runs npm ci --ignore-scripts "
            "there)");
    return {};
}

/// Empty when python() imports `module`, else why not.
inline QString pythonMissing(const QString& module) {
    const ProgramRun r =
        runProgram(python(), {QStringLiteral("-c"), QStringLiteral("import ") + module});
    return r.code == 0 ? QString()
                       : QStringLiteral("/usr/bin/python3 cannot import ") + module +
                             QStringLiteral(" (apt python3-") + module + QStringLiteral(")");
}

/// Empty when Arm NN's Python module and its CpuRef backend are there, else why not.
inline QString armnnMissing() {
    const ProgramRun r = runProgram(
        python(),
        {QStringLiteral("-c"), QStringLiteral("import contextlib, io\n"
                                              "with contextlib.redirect_stdout(io.StringIO()):\n"
                                              "    import pyarmnn as ann\n"
                                              "r = ann.IRuntime(ann.CreationOptions())\n"
                                              "assert 'CpuRef' in str(r.GetDeviceSpec())\n")});
    return r.code == 0 ? QString()
                       : QStringLiteral(
                             "/usr/bin/python3 cannot run Arm NN's CpuRef backend "
                             "(apt python3-pyarmnn libarmnn-cpuref-backend22): ") +
                             r.output;
}

/// The layer kinds whose TFLite operators Arm NN 20.08's TfLiteParser cannot parse: kind ->
/// {the operator as Arm NN names it in its refusal, why}. A TFLite file holding one of them
/// must be refused by Arm NN with that operator (checked, so this list cannot go stale).
/// None today: the exporter writes every kind with operators Arm NN 20.08 parses (layer_norm's
/// division by the deviation is L2_NORMALIZATION, as Arm NN 20.08 has no RSQRT or SQRT; ELU,
/// SELU and GELU are built from EXP), so every kind's file is run and compared.
inline const std::map<std::string, std::pair<QString, QString>>& armnnUnparsedKinds() {
    static const std::map<std::string, std::pair<QString, QString>> kinds = {};
    return kinds;
}

/// The first kind of armnnUnparsedKinds() in `specs` (blocks' layers included), or "".
inline std::string armnnUnparsedKind(const std::vector<LayerSpec>& specs) {
    for (const LayerSpec& s : specs) {
        if (armnnUnparsedKinds().count(s.kind)) return s.kind;
        const std::string inner = armnnUnparsedKind(s.layers);
        if (!inner.empty()) return inner;
    }
    return {};
}

/// Writes `n` floats of `shape` as a little-endian float32, C-order .npy file.
inline void writeNpy(const QString& path, const std::vector<Index>& shape, const float* data,
                     Index n) {
    std::string dims;
    for (Index d : shape) dims += std::to_string(d) + ", ";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    header += std::string((64 - (10 + header.size() + 1) % 64) % 64, ' ') + "\n";
    std::ofstream f(path.toStdString(), std::ios::binary);
    const unsigned short len = static_cast<unsigned short>(header.size());
    f.write("\x93NUMPY\x01\x00", 8);
    f.write(reinterpret_cast<const char*>(&len), 2);
    f << header;
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * sizeof(float)));
}

/// Reads a little-endian float32, C-order .npy file (as numpy and tests/tools/npy.js write it).
inline std::vector<float> readNpy(const QString& path, std::vector<std::uint64_t>& shape) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray all = f.readAll();
    if (!all.startsWith("\x93NUMPY") || all.size() < 12) return {};
    const bool v1 = all[6] == 1;
    const int len = v1 ? (uchar(all[8]) | uchar(all[9]) << 8)
                       : (uchar(all[8]) | uchar(all[9]) << 8 | uchar(all[10]) << 16);
    const int offset = (v1 ? 10 : 12) + len;
    const QByteArray header = all.mid(v1 ? 10 : 12, len);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) return {};
    const int open = header.indexOf("'shape': (") + 10;
    for (const QByteArray& d : header.mid(open, header.indexOf(')', open) - open).split(','))
        if (!d.trimmed().isEmpty()) shape.push_back(d.trimmed().toULongLong());
    std::vector<float> out(static_cast<std::size_t>(all.size() - offset) / sizeof(float));
    std::memcpy(out.data(), all.constData() + offset, out.size() * sizeof(float));
    return out;
}

/// The models of a test's cases in a temporary directory, each with kSamples random inputs,
/// byom predict's outputs for them (what every export is compared with) and, for the models
/// built here, the C++ forward pass's.
class ExportCheck {
public:
    static constexpr Index kSamples = 5;

    bool isValid() const { return m_dir.isValid(); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }
    /// The model file of case `name`.
    QString model(const std::string& name) const { return m_models.at(name); }
    bool hasModel(const std::string& name) const { return m_models.count(name) > 0; }

    /// BYOM_KEEP_EXPORTS=1 keeps the exported files for a look (their path is printed).
    void keepIfAsked() {
        if (qEnvironmentVariableIsSet("BYOM_KEEP_EXPORTS")) {
            m_dir.setAutoRemove(false);
            qInfo("exports in %s", qPrintable(m_dir.path()));
        }
    }

    /// Builds the model of `c` (withRandomWeights), saves it and keeps its forward pass on
    /// the case's inputs, normalised and (for regression) scaled back as byom predict does.
    void addBuilt(const ModelCase& c, Rng& rng) {
        const TrainedModel m = withRandomWeights(c, rng);
        const QString model = m_dir.filePath(QString::fromStdString(c.name + ".json"));
        saveModelFile(model.toStdString(), m);
        m_models[c.name] = model;
        const std::vector<float> values = writeInputs(c, rng);
        Mat<float> x(c.input.size(), kSamples);
        for (Index i = 0; i < x.size(); ++i) x.data()[i] = values[std::size_t(i)];
        // x' = (x - center) / scale on the last axis, as byom predict applies it.
        const json& center = m.normalization.at("center");
        const json& scale = m.normalization.at("scale");
        const Index groups = c.input.dims.back();
        Mat<float> xn = x;
        for (Index col = 0; col < kSamples; ++col)
            for (Index i = 0; i < x.rows(); ++i) {
                const std::size_t g = static_cast<std::size_t>(i % groups);
                xn(i, col) = float((x(i, col) - center[g].get<double>()) / scale[g].get<double>());
            }
        Mat<float> y = m.model->forward(xn, false);
        // y = output * scale + center on the last axis, as byom predict gives it.
        if (c.regression) {
            const json& targetCenter = m.targetNormalization.at("center");
            const json& targetScale = m.targetNormalization.at("scale");
            const Index out = m.model->outputShape().dims.back();
            for (Index i = 0; i < y.size(); ++i) {
                const std::size_t k = static_cast<std::size_t>(i % out);
                y.data()[i] = float(y.data()[i] * targetScale[k].get<double>() +
                                    targetCenter[k].get<double>());
            }
        }
        // A check is only as good as its outputs' dependence on the input.
        Index varying = 0;
        for (Index col = 1; col < kSamples; ++col)
            if ((y.col(col) - y.col(0)).cwiseAbs().maxCoeff() > 1e-6f) ++varying;
        QVERIFY2(varying > 0, qPrintable(QString::fromStdString(
                                  c.name + ": the outputs do not depend on the input")));
        m_engine[c.name].assign(y.data(), y.data() + y.size());
    }

    /// Takes `model`, trained elsewhere, as the model of `c`, with inputs of its own.
    void addTrained(const ModelCase& c, const QString& model, Rng& rng) {
        m_models[c.name] = model;
        writeInputs(c, rng);
    }

    /// Runs byom predict on every model's inputs (check QTest::currentTestFailed() after).
    void predictAll() {
        for (const auto& entry : m_models) {
            predict(entry.first);
            if (QTest::currentTestFailed()) return;
        }
    }

    /// byom predict gives the C++ forward pass of the models built here, a regression's in
    /// the target's units (the stored target standardisation undone).
    void checkPredictMatchesTheForwardPass() const {
        QVERIFY(!m_engine.empty());
        for (const auto& [name, want] : m_engine) {
            const std::vector<float>& got = m_expected.at(name);
            QCOMPARE(got.size(), want.size());
            double worst = 0;
            for (std::size_t i = 0; i < got.size(); ++i)
                worst = std::max(worst, double(std::abs(got[i] - want[i])));
            QVERIFY2(worst <= kExportTolerance,
                     qPrintable(QString::fromStdString(name) +
                                QStringLiteral(": largest difference ") + QString::number(worst)));
        }
    }

    /// The columns and rows of a runtime test: every format for every case.
    static void addRuntimeRows(const std::vector<ModelCase>& cases) {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("model");
        for (const char* format : {"onnx", "tfjs", "pytorch", "tflite"})
            for (const ModelCase& c : cases)
                QTest::newRow((std::string(format) + "/" + c.name).c_str())
                    << QString::fromLatin1(format) << QString::fromStdString(c.name);
    }

    /// Exports the model of case `name` in `format` (onnx, tfjs, pytorch or tflite), runs the
    /// export in its runtime on the case's inputs and compares with byom predict. The last
    /// statement of a test: a missing runtime skips (or fails) the test from here.
    void checkRuntime(const QString& format, const std::string& name) const {
        const QString model = QString::fromStdString(name);
        const QString base = m_dir.filePath(format + QStringLiteral("-") + model);
        const QString out = base + (format == QStringLiteral("onnx")      ? QStringLiteral(".onnx")
                                    : format == QStringLiteral("pytorch") ? QStringLiteral(".py")
                                    : format == QStringLiteral("tflite") ? QStringLiteral(".tflite")
                                                                         : QString());
        const ProgramRun e =
            runByom({QStringLiteral("export"), QStringLiteral("--model"), m_models.at(name),
                     QStringLiteral("--format"), format, QStringLiteral("--out"), out});
        QVERIFY2(e.code == 0, qPrintable(e.output));
        const QString y = base + QStringLiteral("-y.npy");
        ProgramRun r;
        if (format == QStringLiteral("onnx")) {
            BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("onnx")));
            const ProgramRun check = runProgram(
                python(), {QStringLiteral("-c"),
                           QStringLiteral("import onnx, sys; m = onnx.load(sys.argv[1]); "
                                          "onnx.checker.check_model(m, full_check=True)"),
                           out});
            QVERIFY2(check.code == 0, qPrintable(check.output));
            BYOM_REQUIRE_RUNTIME(nodeMissing());
            r = runProgram(
                QStringLiteral("node"),
                {exportToolsDir() + QStringLiteral("/run-onnx.js"), out, m_inputs.at(name), y});
        } else if (format == QStringLiteral("tfjs")) {
            BYOM_REQUIRE_RUNTIME(nodeMissing());
            r = runProgram(
                QStringLiteral("node"),
                {exportToolsDir() + QStringLiteral("/run-tfjs.js"), out, m_inputs.at(name), y});
        } else if (format == QStringLiteral("tflite")) {
            checkTflite(name, out, y);
            return;
        } else {
            BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
            r = runProgram(python(), {out, QStringLiteral("predict"), QStringLiteral("--input"),
                                      m_inputs.at(name), QStringLiteral("--out"), y});
        }
        QVERIFY2(r.code == 0, qPrintable(r.output));
        compare(name, y);
    }

private:
    QTemporaryDir m_dir;
    std::map<std::string, QString> m_models;               // case -> model file
    std::map<std::string, QString> m_inputs;               // case -> X.npy
    std::map<std::string, std::vector<float>> m_expected;  // byom predict's
    std::map<std::string, std::vector<float>> m_engine;    // the forward pass of cases built here

    /// kSamples random inputs of `c` in [-2, 2), written as the case's X.npy.
    std::vector<float> writeInputs(const ModelCase& c, Rng& rng) {
        std::vector<float> x;
        for (Index i = 0; i < kSamples * c.input.size(); ++i)
            x.push_back(float(4.0 * rng.uniform() - 2.0));
        std::vector<Index> xShape = {kSamples};
        xShape.insert(xShape.end(), c.input.dims.begin(), c.input.dims.end());
        m_inputs[c.name] = m_dir.filePath(QString::fromStdString(c.name + "-x.npy"));
        writeNpy(m_inputs[c.name], xShape, x.data(), Index(x.size()));
        return x;
    }

    /// Runs byom predict on the case's inputs and keeps its numbers in m_expected.
    void predict(const std::string& name) {
        const TrainedModel t = loadModelFile(m_models.at(name).toStdString());
        const bool regression = t.task == Task::Regression;
        const Index outputs = t.model->outputShape().size();
        // Targets are read, not used: one-hot rows of every class in turn, or zeros.
        std::vector<float> y(std::size_t(kSamples * outputs), 0.0f);
        if (!regression)
            for (Index j = 0; j < kSamples; ++j) y[std::size_t(j * outputs + j % outputs)] = 1.0f;
        const QString yPath = m_dir.filePath(QString::fromStdString(name + "-targets.npy"));
        writeNpy(yPath, {kSamples, outputs}, y.data(), Index(y.size()));
        const QString preds = m_dir.filePath(QString::fromStdString(name + "-preds.csv"));
        const ProgramRun r =
            runByom({QStringLiteral("predict"), QStringLiteral("--model"), m_models.at(name),
                     QStringLiteral("--data"),
                     QStringLiteral("npy:") + m_inputs.at(name) + QLatin1Char(',') + yPath +
                         (regression ? QStringLiteral("?task=regression")
                                     : QStringLiteral("?task=classification")),
                     QStringLiteral("--out"), preds});
        QVERIFY2(r.code == 0,
                 qPrintable(QString::fromStdString(name) + QStringLiteral(": ") + r.output));
        QFile f(preds);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        // An output that keeps the time axis, (T, C), has a row per time step, each starting
        // with the sample and step: read in order, the rows give the channels-last values.
        const Shape& shape = t.model->outputShape();
        const Index steps = shape.rank() == 2 && shape[0] > 1 ? shape[0] : 1;
        const Index first = steps > 1 ? 2 : 0, perRow = outputs / steps;
        QCOMPARE(lines.size(), kSamples * steps + 1);
        std::vector<float>& values = m_expected[name];
        for (Index j = 0; j < kSamples * steps; ++j) {
            const QList<QByteArray> cells = lines[j + 1].split(',');
            // A classifier's row ends with the predicted class's name.
            QCOMPARE(cells.size(), first + perRow + (regression ? 0 : 1));
            for (Index k = 0; k < perRow; ++k) values.push_back(cells[first + k].toFloat());
        }
    }

    /// The tflite file of case `name` at `out`: "TFL3" at bytes 4..8; run in Arm NN (CpuRef)
    /// and compared with byom predict, or, when it holds an operator Arm NN 20.08 cannot
    /// parse, refused by Arm NN naming that operator.
    void checkTflite(const std::string& name, const QString& out, const QString& y) const {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(8).mid(4), QByteArray("TFL3"));
        BYOM_REQUIRE_RUNTIME(armnnMissing());
        const ProgramRun r = runProgram(
            python(),
            {exportToolsDir() + QStringLiteral("/run-tflite.py"), out, m_inputs.at(name), y});
        const TrainedModel t = loadModelFile(m_models.at(name).toStdString());
        const std::string unparsed = armnnUnparsedKind(t.model->specs());
        if (!unparsed.empty()) {
            const QString op = armnnUnparsedKinds().at(unparsed).first;
            QVERIFY2(r.code == 3 && r.output.contains(op),
                     qPrintable(QString::fromStdString(name + ": Arm NN was expected to refuse " +
                                                       unparsed + "'s ") +
                                op + QStringLiteral(", got exit ") + QString::number(r.code) +
                                QStringLiteral(": ") + r.output));
            qInfo("%s: Arm NN 20.08 refuses %s (%s), as expected", name.c_str(), qPrintable(op),
                  unparsed.c_str());
            return;
        }
        QVERIFY2(r.code == 0, qPrintable(r.output));
        compare(name, y);
    }

    void compare(const std::string& name, const QString& yPath) const {
        std::vector<std::uint64_t> shape;
        const std::vector<float> y = readNpy(yPath, shape);
        const std::vector<float>& want = m_expected.at(name);
        QCOMPARE(y.size(), want.size());
        double worst = 0;
        for (std::size_t i = 0; i < y.size(); ++i)
            worst = std::max(worst, double(std::abs(y[i] - want[i])));
        if (qEnvironmentVariableIsSet("BYOM_SHOW_DIFFERENCES"))
            qInfo("%s: largest difference %g", yPath.toUtf8().constData(), worst);
        QVERIFY2(worst <= kExportTolerance, qPrintable(QStringLiteral("%1: largest difference %2")
                                                           .arg(QString::fromStdString(name))
                                                           .arg(worst)));
    }
};

}  // namespace byom::test
