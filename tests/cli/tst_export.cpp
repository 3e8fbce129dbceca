// byom export, checked in the real runtimes: for models covering every layer kind, the ONNX
// file passes onnx.checker and runs in ONNX Runtime (onnxruntime-node), the TF.js directory
// loads with tf.loadLayersModel (@tensorflow/tfjs under Node) and the PyTorch script runs with
// Debian's python3-torch; each must give `byom predict`'s outputs within 1e-4. The cases are
// generated from the layer catalogue (every kind with its schema's example parameters; a
// block kind around each plain kind that fits in it; the registry's block kind as a registered
// architecture of a project, trained by `byom train`), plus hand-written whole models.
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
#include <functional>
#include <set>

#include "core/io/modelfile.h"
#include "core/layers/layercatalog.h"
#include "core/layers/sequential.h"
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
    /// Trained by `byom train` from a project (kProjectCase) instead of built here.
    bool fromProject = false;
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

/// The input shapes a generated case tries, in order: a sequence of odd length (so that
/// "same" pads unevenly) and a feature vector.
const std::vector<Shape>& probeShapes() {
    static const std::vector<Shape> shapes = {Shape{37, 3}, Shape{12}};
    return shapes;
}

/// Whether a model of `specs` builds on `input`.
bool builds(const std::vector<LayerSpec>& specs, const Shape& input) {
    try {
        Model<float> m(specs, input);
        return true;
    } catch (const Error&) {
        return false;
    }
}

/// The kind of block that is a registered architecture: its case comes from a project.
const std::string& registryBlockKind() {
    static const std::string kind = Sequential<float>::describeArchitectureBlock().kind;
    return kind;
}

/// A project registering "encoder" and a stack using it as an architecture block, on a data
/// set of two features and three classes.
const char* const kProject = R"({
  "format": "byom-project", "version": 2,
  "architectures": [
    {"name": "encoder", "input_shape": [2], "layers": [
      {"name": "dense", "params": {"units": 8, "activation": "relu"}},
      {"name": "batch_norm"},
      {"name": "residual", "params": {"activation": "relu"}, "layers": [
        {"name": "dense", "params": {"units": 5, "activation": "tanh"}}]}]}],
  "stacks": [{"name": "main", "input_shape": [2], "num_classes": 3, "layers": [
    {"name": "architecture", "params": {"name": "encoder"}},
    {"name": "dense", "params": {"units": 3, "activation": "softmax"}}]}],
  "data": "synthetic:spirals?n=120&classes=3&seed=3",
  "training": {"epochs": 2, "batch_size": 16, "seed": 5}
})";

/// One case per kind of the catalogue, with its schema's example parameters, on the first
/// probe shape it builds on (a raw-output regression model, so nothing hides its values); a
/// block kind once per probe shape, around the first plain kind that builds inside it. The
/// registry's block kind is the project case. Kinds no case could be made for go to `missed`.
void addCatalogueCases(std::vector<Case>& c, std::vector<std::string>& missed) {
    const LayerCatalog& catalog = LayerCatalog::instance();
    for (const LayerDescriptor& d : catalog.all()) {
        if (d.kind == registryBlockKind()) {
            c.push_back({"kind-" + d.kind + "-in-project", Shape{2}, {}, false, true});
            continue;
        }
        const LayerSpec spec = LayerSpec::of(d.kind, d.schema.example());
        bool made = false;
        for (const Shape& in : probeShapes()) {
            if (!d.isBlock) {
                if (!builds({spec}, in)) continue;
                c.push_back({"kind-" + d.kind, in, {spec}, true});
                made = true;
                break;
            }
            for (const LayerDescriptor& inner : catalog.all()) {
                if (inner.isBlock) continue;
                LayerSpec block = spec;
                block.layers = {LayerSpec::of(inner.kind, inner.schema.example())};
                if (!builds({block}, in)) continue;
                std::string dims;
                for (Index n : in.dims) dims += (dims.empty() ? "" : "x") + std::to_string(n);
                c.push_back({"kind-" + d.kind + "-" + inner.kind + "-" + dims, in, {block}, true});
                made = true;
                break;
            }
        }
        if (!made) missed.push_back(d.kind);
    }
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
    // Strides, dilations and "same" padding on odd lengths (uneven pads), strided residual
    // projections and the activations in convolutions, blocks and activation layers.
    c.push_back({"strided-sequence", Shape{37, 3},
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
    const ModelFactory zoo = ModelFactory::withBuiltins();
    for (const char* arch : {"tcn", "resnet", "efficientnetv2"})
        if (zoo.has(arch))
            c.push_back(
                {arch, Shape{256, 1}, zoo.expand(arch, Shape{256, 1}, zoo.get(arch).example, 4)});
    std::erase_if(c, [](const Case& x) { return x.specs.empty(); });
    std::vector<std::string> missed;
    addCatalogueCases(c, missed);
    return c;
}

/// The catalogue's kinds that no generated case could be made for (none may be).
std::vector<std::string> kindsWithoutCase() {
    std::vector<Case> c;
    std::vector<std::string> missed;
    addCatalogueCases(c, missed);
    return missed;
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
    std::map<std::string, QString> m_models;               // case -> model file
    std::map<std::string, QString> m_inputs;               // case -> X.npy
    std::map<std::string, std::vector<float>> m_expected;  // byom predict's
    std::map<std::string, std::vector<float>> m_engine;    // the forward pass of cases built here
    static constexpr Index kSamples = 5;

    /// Writes the project, trains its stack with byom train and keeps the model with inputs.
    void trainProject(const Case& c, Rng& rng) {
        const QString project = m_dir.filePath(QString::fromStdString(c.name + ".byom"));
        QFile f(project);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kProject);
        f.close();
        const QString out = m_dir.filePath(QString::fromStdString(c.name));
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--project"), project,
                            QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        m_models[c.name] = out + QStringLiteral("/model.json");
        std::vector<float> x;
        for (Index i = 0; i < kSamples * c.input.size(); ++i)
            x.push_back(float(4.0 * rng.uniform() - 2.0));
        std::vector<Index> xShape = {kSamples};
        xShape.insert(xShape.end(), c.input.dims.begin(), c.input.dims.end());
        m_inputs[c.name] = m_dir.filePath(QString::fromStdString(c.name + "-x.npy"));
        writeNpy(m_inputs[c.name], xShape, x.data(), Index(x.size()));
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
        const Run r = byom({QStringLiteral("predict"), QStringLiteral("--model"), m_models.at(name),
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
        QCOMPARE(lines.size(), kSamples + 1);
        std::vector<float>& values = m_expected[name];
        for (Index j = 0; j < kSamples; ++j) {
            const QList<QByteArray> cells = lines[j + 1].split(',');
            // A classifier's row ends with the predicted class's name.
            QCOMPARE(cells.size(), outputs + (regression ? 0 : 1));
            for (Index k = 0; k < outputs; ++k) values.push_back(cells[k].toFloat());
        }
    }

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
            if (c.fromProject) {
                trainProject(c, rng);
                if (QTest::currentTestFailed()) return;
                continue;
            }
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

            const Index n = kSamples;
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
            m_engine[c.name].assign(y.data(), y.data() + y.size());
        }
        // What every export is compared with: byom predict's numbers.
        for (const auto& [name, model] : m_models) {
            predict(name);
            if (QTest::currentTestFailed()) return;
        }
    }

    void everyKindHasACase() {
        // A kind of the catalogue that no case can be generated for (it builds on none of the
        // probe shapes, or no plain kind fits in the block) fails here: give it a case.
        const std::vector<std::string> missed = kindsWithoutCase();
        QStringList names;
        for (const std::string& kind : missed) names << QString::fromStdString(kind);
        QVERIFY2(missed.empty(), qPrintable(QStringLiteral("no case for: ") + names.join(u' ')));
        std::set<std::string> used;
        const std::function<void(const std::vector<LayerSpec>&)> walk =
            [&](const std::vector<LayerSpec>& specs) {
                for (const LayerSpec& s : specs) {
                    used.insert(s.kind);
                    walk(s.layers);
                }
            };
        for (const Case& c : cases()) {
            walk(c.specs);
            if (c.fromProject) used.insert(registryBlockKind());
        }
        for (const std::string& kind : LayerCatalog::instance().kinds())
            QVERIFY2(used.count(kind), kind.c_str());
    }

    void architectureBlockCameFromTheProject() {
        // The trained model of the project case holds the registered architecture as a block
        // (with its layers), the thing its exports translate.
        const std::string name = "kind-" + registryBlockKind() + "-in-project";
        QVERIFY(m_models.count(name));
        const TrainedModel t = loadModelFile(m_models.at(name).toStdString());
        QCOMPARE(t.model->specs().front().kind, registryBlockKind());
        QCOMPARE(t.model->specs().front().params.at("name").get<std::string>(),
                 std::string("encoder"));
        QCOMPARE(t.model->specs().front().layers.size(), std::size_t(3));
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

    void predictMatchesTheForwardPass() {
        // byom predict (what the exports are compared with) gives the C++ forward pass of the
        // models built here, a regression's in the target's units (the stored target
        // standardisation undone).
        QVERIFY(!m_engine.empty());
        for (const auto& [name, want] : m_engine) {
            const std::vector<float>& got = m_expected.at(name);
            QCOMPARE(got.size(), want.size());
            double worst = 0;
            for (std::size_t i = 0; i < got.size(); ++i)
                worst = std::max(worst, double(std::abs(got[i] - want[i])));
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
