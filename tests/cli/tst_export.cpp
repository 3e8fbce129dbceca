// byom export, checked in the real runtimes: for models covering every layer kind, the ONNX
// file passes onnx.checker and runs in ONNX Runtime (onnxruntime-node), the TF.js directory
// loads with tf.loadLayersModel (@tensorflow/tfjs under Node) and the PyTorch script runs with
// Debian's python3-torch; each must give the C++ forward pass's outputs within 1e-4.
// Runtimes come from scripts/test (apt python3-onnx python3-torch nodejs npm, and
// `npm ci --ignore-scripts` in tests/tools); a test skips only when one is missing, and fails
// instead under CI (CI=true), where every runtime must be there.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <fstream>

#include "core/io/modelfile.h"
#include "core/layers/layercatalog.h"
#include "core/registry/modelfactory.h"
#include "core/util/rng.h"
#include "support/runtime.h"

using namespace byom;

namespace {

constexpr double kTolerance = 1e-4;
const QString kPython = QStringLiteral("/usr/bin/python3");

json layer(const std::string& kind, json params = json::object()) {
    return {{"name", kind}, {"params", std::move(params)}};
}

json block(const std::string& kind, json params, json layers) {
    return {{"name", kind}, {"params", std::move(params)}, {"layers", std::move(layers)}};
}

struct Case {
    std::string name;
    Shape input;
    std::vector<LayerSpec> specs;
    /// A regression model with standardised targets: its exports must give the outputs in
    /// the target's units (output * scale + center), as byom predict does.
    bool regression = false;
};

/// Whether every layer kind used in `layers` (and in blocks) is in this build's catalogue:
/// cases for kinds that have not landed yet start running as soon as they do.
bool available(const json& layers) {
    for (const json& l : layers) {
        if (!LayerCatalog::instance().find(l.at("name").get<std::string>())) return false;
        if (l.contains("layers") && !available(l.at("layers"))) return false;
    }
    return true;
}

std::vector<LayerSpec> stack(const json& layers) {
    return available(layers) ? LayerSpec::listFromJson(layers, "layers") : std::vector<LayerSpec>{};
}

std::vector<Case> cases() {
    std::vector<Case> c;
    c.push_back({"mlp-basic", Shape{6},
                 stack(json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                                    layer("dropout", {{"rate", 0.3}}),
                                    layer("dense", {{"units", 12}, {"activation", "tanh"}}),
                                    layer("activation", {{"activation", "swish"}}),
                                    layer("dense", {{"units", 10}, {"activation", "selu"}}),
                                    layer("dense", {{"units", 9}, {"activation", "elu"}}),
                                    layer("activation", {{"activation", "relu6"}}),
                                    layer("dense", {{"units", 8}, {"activation", "hard_swish"}}),
                                    layer("flatten"),
                                    layer("dense", {{"units", 8}, {"activation", "hard_sigmoid"}}),
                                    layer("activation", {{"activation", "leaky_relu"}}),
                                    layer("dense", {{"units", 6}, {"activation", "sigmoid"}}),
                                    layer("dense", {{"units", 5}, {"activation", "gelu"}}),
                                    layer("dense", {{"units", 4}, {"activation", "linear"}}),
                                    layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    c.push_back(
        {"mlp", Shape{8},
         stack(json::array(
             {layer("dense", {{"units", 16}, {"activation", "relu"}}),
              layer("dropout", {{"rate", 0.2}}),
              layer("dense", {{"units", 12}, {"activation", "gelu"}}), layer("batch_norm"),
              layer("dense", {{"units", 10}, {"activation", "leaky_relu"}}), layer("layer_norm"),
              layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    c.push_back(
        {"cnn1d-ecg", Shape{800, 1},
         stack(json::array(
             {layer("conv1d",
                    {{"filters", 16}, {"kernel_size", 7}, {"strides", 2}, {"padding", "same"}}),
              layer("batch_norm"), layer("activation", {{"activation", "relu"}}),
              layer("max_pool1d", {{"pool_size", 2}}),
              layer("conv1d", {{"filters", 32}, {"kernel_size", 5}, {"padding", "same"}}),
              layer("batch_norm"), layer("activation", {{"activation", "relu"}}),
              layer("max_pool1d", {{"pool_size", 2}}),
              layer("conv1d", {{"filters", 64},
                               {"kernel_size", 5},
                               {"padding", "same"},
                               {"activation", "relu"}}),
              layer("global_avg_pool1d"),
              layer("dense", {{"units", 4}, {"activation", "softmax"}})}))});
    // Every other layer kind and activation, with odd lengths so that "same" pads unevenly.
    c.push_back({"every-kind", Shape{37, 3},
                 stack(json::array(
                     {layer("conv1d", {{"filters", 6},
                                       {"kernel_size", 4},
                                       {"strides", 2},
                                       {"padding", "same"},
                                       {"activation", "elu"}}),
                      layer("depthwise_conv1d", {{"kernel_size", 3},
                                                 {"padding", "same"},
                                                 {"depth_multiplier", 2},
                                                 {"activation", "selu"}}),
                      layer("separable_conv1d", {{"filters", 8},
                                                 {"kernel_size", 3},
                                                 {"dilation_rate", 2},
                                                 {"padding", "same"},
                                                 {"activation", "swish"}}),
                      layer("avg_pool1d", {{"pool_size", 3}, {"strides", 2}, {"padding", "same"}}),
                      block("residual", {{"activation", "relu6"}},
                            json::array({layer("conv1d", {{"filters", 8},
                                                          {"kernel_size", 3},
                                                          {"padding", "same"},
                                                          {"activation", "tanh"}}),
                                         layer("batch_norm")})),
                      block("residual", {{"activation", "hard_swish"}},
                            json::array({layer("conv1d", {{"filters", 12},
                                                          {"kernel_size", 3},
                                                          {"strides", 2},
                                                          {"padding", "same"}})})),
                      layer("squeeze_excite", {{"ratio", 4}}), layer("upsampling1d", {{"size", 2}}),
                      layer("activation", {{"activation", "hard_sigmoid"}}),
                      layer("activation", {{"activation", "leaky_relu"}, {"alpha", 0.1}}),
                      layer("max_pool1d", {{"pool_size", 3}, {"strides", 2}, {"padding", "same"}}),
                      layer("layer_norm"),
                      layer("conv1d", {{"filters", 4},
                                       {"kernel_size", 3},
                                       {"dilation_rate", 2},
                                       {"activation", "sigmoid"}}),
                      layer("reshape", {{"target_shape", {-1, 2}}}), layer("global_max_pool1d"),
                      layer("dense", {{"units", 5}, {"activation", "hard_sigmoid"}}),
                      block("residual", {{"activation", "linear"}},
                            json::array({layer("dense", {{"units", 7}, {"activation", "gelu"}})})),
                      layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    c.push_back(
        {"flatten-reshape", Shape{10, 2},
         stack(json::array(
             {layer("flatten"), layer("reshape", {{"target_shape", {5, 4}}}),
              layer("conv1d", {{"filters", 3}, {"kernel_size", 2}, {"activation", "elu"}}),
              layer("flatten"), layer("dense", {{"units", 2}, {"activation", "sigmoid"}})}))});
    // Regression: a linear dense head with three targets, and a (L, C) output scaled per
    // channel after a non-linear last layer.
    c.push_back({"regression-mlp", Shape{5},
                 stack(json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                                    layer("dense", {{"units", 8}, {"activation", "tanh"}}),
                                    layer("dense", {{"units", 3}, {"activation", "linear"}})})),
                 true});
    c.push_back(
        {"regression-signal", Shape{24, 2},
         stack(json::array(
             {layer("conv1d", {{"filters", 4},
                               {"kernel_size", 3},
                               {"padding", "same"},
                               {"activation", "relu"}}),
              layer("batch_norm"),
              layer("conv1d", {{"filters", 2}, {"kernel_size", 1}, {"activation", "sigmoid"}})})),
         true});
    // A registered architecture used as a block (an "encoder" of the project's registry).
    {
        ModelFactory registry = ModelFactory::withBuiltins();
        registry.addStack(
            {"encoder", Shape{6}, std::nullopt,
             stack(json::array({layer("dense", {{"units", 8}, {"activation", "relu"}}),
                                layer("batch_norm"),
                                layer("dense", {{"units", 6}, {"activation", "tanh"}})}))});
        const json layers =
            json::array({layer("architecture", {{"name", "encoder"}}),
                         layer("dense", {{"units", 3}, {"activation", "softmax"}})});
        if (available(layers))
            c.push_back({"registered-block", Shape{6},
                         registry.resolve(LayerSpec::listFromJson(layers, "layers"))});
    }
    const ModelFactory zoo = ModelFactory::withBuiltins();
    for (const char* arch : {"tcn", "resnet", "efficientnetv2"})
        if (zoo.has(arch))
            c.push_back(
                {arch, Shape{256, 1}, zoo.expand(arch, Shape{256, 1}, zoo.get(arch).example, 4)});
    std::erase_if(c, [](const Case& x) { return x.specs.empty(); });
    return c;
}

void writeNpy(const QString& path, const std::vector<Index>& shape, const float* data, Index n) {
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
std::vector<float> readNpy(const QString& path, std::vector<std::uint64_t>& shape) {
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

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

    struct Run {
        int code;
        QString output;
    };

    static Run run(const QString& program, const QStringList& args, int timeoutMs = 300000) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForStarted(20000)) return {-1, program + QStringLiteral(" did not start")};
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            return {-1, QStringLiteral("timeout")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAll())};
    }

    static Run byom(const QStringList& args) { return run(QStringLiteral(BYOM_CLI_PATH), args); }

    QString toolsDir() const { return QStringLiteral(BYOM_SOURCE_DIR "/tests/tools"); }

    /// Empty when node and the npm packages are there, else why not.
    QString nodeMissing() const {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            return QStringLiteral(
                "node is not installed (scripts/install-deps --test installs nodejs)");
        if (!QDir(toolsDir() + QStringLiteral("/node_modules/onnxruntime-node")).exists() ||
            !QDir(toolsDir() + QStringLiteral("/node_modules/@tensorflow/tfjs")).exists())
            return QStringLiteral(
                "tests/tools/node_modules is missing (scripts/test runs npm ci --ignore-scripts "
                "there)");
        return {};
    }

    static QString pythonMissing(const QString& module) {
        const Run r = run(kPython, {QStringLiteral("-c"), QStringLiteral("import ") + module});
        return r.code == 0 ? QString()
                           : QStringLiteral("/usr/bin/python3 cannot import ") + module +
                                 QStringLiteral(" (apt python3-") + module + QStringLiteral(")");
    }

    QTemporaryDir m_dir;
    std::map<std::string, QString> m_models;  // case -> model file
    std::map<std::string, QString> m_inputs;  // case -> X.npy
    std::map<std::string, std::vector<float>> m_expected;
    std::map<std::string, std::vector<Index>> m_outShape;
    std::map<std::string, bool> m_regression;

    void compare(const std::string& name, const QString& yPath) {
        std::vector<std::uint64_t> shape;
        const std::vector<float> y = readNpy(yPath, shape);
        const std::vector<float>& want = m_expected.at(name);
        QCOMPARE(y.size(), want.size());
        double worst = 0;
        for (std::size_t i = 0; i < y.size(); ++i)
            worst = std::max(worst, double(std::abs(y[i] - want[i])));
        QVERIFY2(worst <= kTolerance, qPrintable(QStringLiteral("%1: largest difference %2")
                                                     .arg(QString::fromStdString(name))
                                                     .arg(worst)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // BYOM_KEEP_EXPORTS=1 keeps the exported files for a look (their path is printed).
        if (qEnvironmentVariableIsSet("BYOM_KEEP_EXPORTS")) {
            m_dir.setAutoRemove(false);
            qInfo("exports in %s", qPrintable(m_dir.path()));
        }
        Rng rng(7);
        for (const Case& c : cases()) {
            TrainedModel m;
            m.model = std::make_unique<Model<float>>(c.specs, c.input);
            m.model->init(11);
            // Non-trivial weights and BatchNorm statistics (inference mode uses them).
            for (Index i = 0; i < m.model->paramCount(); ++i)
                m.model->params()[i] += 0.1f * float(rng.uniform() - 0.5);
            for (Index i = 0; i < m.model->stateCount(); ++i)
                m.model->state()[i] = 0.5f + float(rng.uniform());
            m.architecture = {{"name", "stack"},
                              {"params", {{"layers", LayerSpec::listToJson(c.specs)}}}};
            const Index out = m.model->outputShape().dims.back();
            json targetCenter = json::array(), targetScale = json::array();
            if (c.regression) {
                // Targets in the tens: standardised with these, undone at the output.
                m.task = Task::Regression;
                for (Index k = 0; k < out; ++k) {
                    targetCenter.push_back(20.0 + 10.0 * rng.uniform());
                    targetScale.push_back(2.0 + 3.0 * rng.uniform());
                }
                m.targetNormalization = {{"method", "standard"},
                                         {"output_shape", m.model->outputShape().dims},
                                         {"center", targetCenter},
                                         {"scale", targetScale}};
            } else {
                for (Index k = 0; k < out; ++k) m.classNames.push_back("c" + std::to_string(k));
                m.numClasses = static_cast<int>(out);
            }
            const Index groups = c.input.dims.back();
            json center = json::array(), scale = json::array();
            for (Index g = 0; g < groups; ++g) {
                center.push_back(rng.uniform() - 0.5);
                scale.push_back(0.5 + rng.uniform());
            }
            m.normalization = {{"method", "standard"},
                               {"input_shape", c.input.dims},
                               {"center", center},
                               {"scale", scale}};
            const QString model = m_dir.filePath(QString::fromStdString(c.name + ".json"));
            saveModelFile(model.toStdString(), m);
            m_models[c.name] = model;

            const Index n = 5;
            Mat<float> x(c.input.size(), n);
            for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(4.0 * rng.uniform() - 2.0);
            std::vector<Index> xShape = {n};
            xShape.insert(xShape.end(), c.input.dims.begin(), c.input.dims.end());
            const QString xPath = m_dir.filePath(QString::fromStdString(c.name + "-x.npy"));
            writeNpy(xPath, xShape, x.data(), x.size());
            m_inputs[c.name] = xPath;
            // x' = (x - center) / scale on the last axis, as byom predict applies it.
            Mat<float> xn = x;
            for (Index col = 0; col < n; ++col)
                for (Index i = 0; i < x.rows(); ++i) {
                    const std::size_t g = static_cast<std::size_t>(i % groups);
                    xn(i, col) =
                        float((x(i, col) - center[g].get<double>()) / scale[g].get<double>());
                }
            Mat<float> y = m.model->forward(xn, false);
            // y = output * scale + center on the last axis, as byom predict gives it.
            if (c.regression)
                for (Index i = 0; i < y.size(); ++i) {
                    const std::size_t k = static_cast<std::size_t>(i % out);
                    y.data()[i] = float(y.data()[i] * targetScale[k].get<double>() +
                                        targetCenter[k].get<double>());
                }
            m_expected[c.name].assign(y.data(), y.data() + y.size());
            m_regression[c.name] = c.regression;
        }
    }

    void runtime_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("model");
        for (const char* format : {"onnx", "tfjs", "pytorch"})
            for (const Case& c : cases())
                QTest::newRow((std::string(format) + "/" + c.name).c_str())
                    << QString::fromLatin1(format) << QString::fromStdString(c.name);
    }

    void runtime() {
        QFETCH(QString, format);
        QFETCH(QString, model);
        const std::string name = model.toStdString();
        const QString base = m_dir.filePath(format + QStringLiteral("-") + model);
        const QString out = base + (format == QStringLiteral("onnx")      ? QStringLiteral(".onnx")
                                    : format == QStringLiteral("pytorch") ? QStringLiteral(".py")
                                                                          : QString());
        const Run e = byom({QStringLiteral("export"), QStringLiteral("--model"), m_models.at(name),
                            QStringLiteral("--format"), format, QStringLiteral("--out"), out});
        QVERIFY2(e.code == 0, qPrintable(e.output));
        const QString y = base + QStringLiteral("-y.npy");
        Run r;
        if (format == QStringLiteral("onnx")) {
            BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("onnx")));
            const Run check =
                run(kPython, {QStringLiteral("-c"),
                              QStringLiteral("import onnx, sys; m = onnx.load(sys.argv[1]); "
                                             "onnx.checker.check_model(m, full_check=True)"),
                              out});
            QVERIFY2(check.code == 0, qPrintable(check.output));
            BYOM_REQUIRE_RUNTIME(nodeMissing());
            r = run(QStringLiteral("node"),
                    {toolsDir() + QStringLiteral("/run-onnx.js"), out, m_inputs.at(name), y});
        } else if (format == QStringLiteral("tfjs")) {
            BYOM_REQUIRE_RUNTIME(nodeMissing());
            r = run(QStringLiteral("node"),
                    {toolsDir() + QStringLiteral("/run-tfjs.js"), out, m_inputs.at(name), y});
        } else {
            BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
            r = run(kPython, {out, QStringLiteral("predict"), QStringLiteral("--input"),
                              m_inputs.at(name), QStringLiteral("--out"), y});
        }
        QVERIFY2(r.code == 0, qPrintable(r.output));
        compare(name, y);
    }

    void predictGivesTheTargetUnits() {
        // The exports of the regression cases are compared with the values computed above;
        // byom predict gives the same (it undoes the stored target standardisation).
        for (const auto& [name, regression] : m_regression) {
            if (!regression) continue;
            const std::vector<float>& want = m_expected.at(name);
            const Index n = 5, outputs = Index(want.size()) / n;
            const std::vector<float> dummy(want.size(), 0.5f);  // targets: read, not used
            const QString yPath = m_dir.filePath(QString::fromStdString(name + "-targets.npy"));
            writeNpy(yPath, {n, outputs}, dummy.data(), Index(dummy.size()));
            const QString preds = m_dir.filePath(QString::fromStdString(name + "-preds.csv"));
            const Run r = byom({QStringLiteral("predict"), QStringLiteral("--model"),
                                m_models.at(name), QStringLiteral("--data"),
                                QStringLiteral("npy:") + m_inputs.at(name) + QLatin1Char(',') +
                                    yPath + QStringLiteral("?task=regression"),
                                QStringLiteral("--out"), preds});
            QVERIFY2(r.code == 0, qPrintable(r.output));
            QFile f(preds);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
            QCOMPARE(lines.size(), n + 1);
            double worst = 0;
            for (Index j = 0; j < n; ++j) {
                const QList<QByteArray> cells = lines[j + 1].split(',');
                QCOMPARE(cells.size(), outputs);
                for (Index k = 0; k < outputs; ++k)
                    worst = std::max(worst, std::abs(cells[k].toDouble() - want[j * outputs + k]));
            }
            QVERIFY2(worst <= kTolerance,
                     qPrintable(QString::fromStdString(name) +
                                QStringLiteral(": largest difference ") + QString::number(worst)));
        }
    }

    void architectureOnlyFormats() {
        // --project without weights: params, keras-json and pytorch (fresh init) work; the
        // weight-carrying formats say what they need.
        const QString project = QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom");
        for (const char* format : {"params", "keras-json", "pytorch"}) {
            const QString out =
                m_dir.filePath(QStringLiteral("arch-") + QString::fromLatin1(format));
            const Run r = byom({QStringLiteral("export"), QStringLiteral("--project"), project,
                                QStringLiteral("--format"), QString::fromLatin1(format),
                                QStringLiteral("--out"), out});
            QVERIFY2(r.code == 0, qPrintable(r.output));
            QVERIFY(QFile::exists(out));
        }
        QFile params(m_dir.filePath(QStringLiteral("arch-params")));
        QVERIFY(params.open(QIODevice::ReadOnly));
        const QJsonObject p = QJsonDocument::fromJson(params.readAll()).object();
        QCOMPARE(p.keys(), (QStringList{QStringLiteral("name"), QStringLiteral("params")}));
        QFile keras(m_dir.filePath(QStringLiteral("arch-keras-json")));
        QVERIFY(keras.open(QIODevice::ReadOnly));
        const QJsonObject k = QJsonDocument::fromJson(keras.readAll()).object();
        for (const char* key : {"module", "class_name", "config", "registered_name"})
            QVERIFY(k.contains(QLatin1String(key)));
        for (const char* format : {"model", "onnx", "tfjs"}) {
            const Run r = byom({QStringLiteral("export"), QStringLiteral("--project"), project,
                                QStringLiteral("--format"), QString::fromLatin1(format),
                                QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x"))});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.output.contains(QStringLiteral("--model")), qPrintable(r.output));
        }
        const Run bad = byom({QStringLiteral("export"), QStringLiteral("--project"), project,
                              QStringLiteral("--format"), QStringLiteral("onx"),
                              QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x"))});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.output.contains(QStringLiteral("did you mean \"onnx\"")),
                 qPrintable(bad.output));
    }

    void pytorchTrainsUnderTorchrun() {
        BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
        const std::string name = "mlp-basic";
        const QString script = m_dir.filePath(QStringLiteral("train.py"));
        QCOMPARE(byom({QStringLiteral("export"), QStringLiteral("--model"), m_models.at(name),
                       QStringLiteral("--format"), QStringLiteral("pytorch"),
                       QStringLiteral("--out"), script})
                     .code,
                 0);
        // 40 samples of the model's input with class labels (int64 .npy written by numpy).
        const QString x = m_dir.filePath(QStringLiteral("train-x.npy"));
        const QString y = m_dir.filePath(QStringLiteral("train-y.npy"));
        const Run data =
            run(kPython,
                {QStringLiteral("-c"),
                 QStringLiteral("import numpy as np, sys; r = np.random.default_rng(0); "
                                "np.save(sys.argv[1], r.normal(size=(40, 6)).astype('float32')); "
                                "np.save(sys.argv[2], r.integers(0, 3, 40))"),
                 x, y});
        QVERIFY2(data.code == 0, qPrintable(data.output));
        const QString weights = m_dir.filePath(QStringLiteral("ddp.pt"));
        const Run t =
            run(kPython,
                {QStringLiteral("-m"), QStringLiteral("torch.distributed.run"),
                 QStringLiteral("--nproc_per_node=2"), QStringLiteral("--master_port=29617"),
                 // torch 1.13 on Python 3.11 cannot parse the default "0" of
                 // these two options (its Std flag lookup returns None).
                 QStringLiteral("--redirects"), QStringLiteral("1"), QStringLiteral("--tee"),
                 QStringLiteral("1"), script, QStringLiteral("train"), QStringLiteral("--data"),
                 x + QStringLiteral(",") + y, QStringLiteral("--epochs"), QStringLiteral("2"),
                 QStringLiteral("--batch-size"), QStringLiteral("8"), QStringLiteral("--out"),
                 weights});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        QVERIFY2(t.output.contains(QStringLiteral("epoch 2/2 loss")), qPrintable(t.output));
        QVERIFY(QFile::exists(weights));
        const QString preds = m_dir.filePath(QStringLiteral("ddp-preds.csv"));
        const Run p =
            run(kPython, {script, QStringLiteral("predict"), QStringLiteral("--input"), x,
                          QStringLiteral("--weights"), weights, QStringLiteral("--out"), preds});
        QVERIFY2(p.code == 0, qPrintable(p.output));
        QFile f(preds);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith("p_c0,p_c1,p_c2,predicted"));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
