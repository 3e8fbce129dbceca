// byom export --format tflite (and tflite-c) of an int8 model, checked in Arm NN 20.08
// (Debian's python3-pyarmnn: its TfLiteParser and the CpuRef backend, through
// tests/tools/run-tflite.py, which also checks the operator versions against TFLite's rules)
// against the integer engine (QEngine, what byom predict runs on an int8 model): for the
// models of the C export (every layer kind and activation, the zoo, the examples, a layer
// kept in float) quantised on random calibration inputs, every output of the file on random
// raw inputs is within one step (the scale of the int8 tensor the output dequantises) of the
// engine's. Arm NN's reference backend computes an int8 operator in float and rounds once
// (TFLite and QEngine requantise in fixed point), so a value may land one step away. With
// --int8-io the input and output tensors are int8 with the QGraph's scale and zero point, and
// the integers out are within 1 of the engine's for the engine's integers in. A missing
// runtime skips, and fails under CI=true.

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "core/io/export/clowering.h"
#include "core/io/export/exportmodel.h"
#include "core/io/export/tfliteint8.h"
#include "core/io/modelfile.h"
#include "core/quant/qengine.h"
#include "core/quant/quantizer.h"
#include "core/util/fileio.h"
#include "core/util/rng.h"
#include "support/ccases.h"
#include "support/cexportcheck.h"
#include "support/cliprocess.h"
#include "support/exportcheck.h"
#include "support/modelcases.h"
#include "support/runtime.h"

using namespace byom;
using namespace byom::test;

namespace {

constexpr Index kSamples = 6;

std::size_t at(Index i) {
    return static_cast<std::size_t>(i);
}

/// The int8 tensor the model's output is computed from: the input of the last dequantize.
int lastInt8(const QGraph& q) {
    for (auto op = q.ops.rbegin(); op != q.ops.rend(); ++op)
        if (op->kernel == "dequantize") return op->inputs[0];
    return -1;
}

/// How much a step of the last int8 tensor can move the output: 1, or the largest gain of
/// the float affine ops after it (the regression target scaling).
double gainAfter(const QGraph& q) {
    double gain = 1.0;
    bool after = false;
    for (const QGraph::Op& op : q.ops) {
        if (op.kernel == "dequantize" && op.inputs[0] == lastInt8(q)) after = true;
        if (!after || op.kernel != "float" || op.floatOp.kernel != "affine") continue;
        double g = 0.0;
        for (const float w : op.floatOp.weights[0]) g = std::max(g, double(std::abs(w)));
        gain *= g;
    }
    return gain;
}

}  // namespace

class TestTfliteInt8 : public QObject {
    Q_OBJECT

    struct Case {
        QString model;   // the int8 model file
        QString inputs;  // kSamples raw inputs, .npy
        QGraph q;
        Mat<float> x;  // the same inputs, one column per sample
        std::vector<Index> shape;
        CGraph floatGraph{1, 1};  // what the QGraph was quantised from
    };
    QTemporaryDir m_dir;
    std::map<std::string, Case> m_cases;

    /// `c` with random weights quantised on random raw inputs (the layers in `keepFloat`
    /// left in float), saved as an int8 model file, with random raw inputs.
    void addCase(const ModelCase& c, Rng& rng, const std::set<std::string>& keepFloat) {
        // Moving means near 1, the weights the whole-model bounds below were measured with
        // (with means near 0 the zoo unet's float-ended output is 4 steps off in Arm NN).
        TrainedModel m = withRandomWeights(c, rng, false);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        Mat<float> calibration(c.input.size(), 32);
        for (Index i = 0; i < calibration.size(); ++i) calibration.data()[i] = float(rng.normal());
        m.quantized = std::make_shared<QGraph>(Quantizer::quantize(g, calibration, keepFloat));
        Case k;
        k.floatGraph = g;
        k.model = m_dir.filePath(QString::fromStdString(c.name + ".json"));
        saveModelFile(k.model.toStdString(), m);
        k.q = *m.quantized;
        k.x = Mat<float>(c.input.size(), kSamples);
        for (Index i = 0; i < k.x.size(); ++i) k.x.data()[i] = float(rng.normal());
        k.shape = {kSamples};
        k.shape.insert(k.shape.end(), c.input.dims.begin(), c.input.dims.end());
        k.inputs = m_dir.filePath(QString::fromStdString(c.name + "-x.npy"));
        writeNpy(k.inputs, k.shape, k.x.data(), k.x.size());
        m_cases[c.name] = std::move(k);
    }

    /// byom export of case `name` in `format` (extra arguments `more`) to `out`.
    static ProgramRun exportCase(const Case& c, const QString& format, const QString& out,
                                 const QStringList& more = {}) {
        return runByom(QStringList{QStringLiteral("export"), QStringLiteral("--model"), c.model,
                                   QStringLiteral("--format"), format, QStringLiteral("--out"),
                                   out} +
                       more);
    }

    /// run-tflite.py on `model` and `inputs`; the outputs, one row per sample.
    std::vector<float> runArmnn(const QString& model, const QString& inputs) {
        const QString y = model + QStringLiteral("-y.npy");
        const ProgramRun r = runProgram(
            python(), {exportToolsDir() + QStringLiteral("/run-tflite.py"), model, inputs, y});
        if (r.code != 0) {
            qWarning("%s", qPrintable(r.output));
            return {};
        }
        std::vector<std::uint64_t> shape;
        return readNpy(y, shape);
    }

    /// `op` of case `c` alone: a QGraph of quantize, `op`, dequantize.
    static QGraph alone(const Case& c, const QGraph::Op& op) {
        QGraph s;
        const QGraph::Tensor& in = c.q.tensors[at(op.inputs[0])];
        const QGraph::Tensor& out = c.q.tensors[at(op.output)];
        QGraph::Tensor inF = in, outF = out;
        inF.isFloat = outF.isFloat = true;
        s.tensors = {inF, in, out, outF};
        QGraph::Op quantize, dequantize, one = op;
        quantize.kernel = "quantize";
        quantize.inputs = {0};
        quantize.output = 1;
        one.inputs = {1};
        one.output = 2;
        dequantize.kernel = "dequantize";
        dequantize.inputs = {2};
        dequantize.output = 3;
        s.ops = {quantize, one, dequantize};
        s.output = 3;
        return s;
    }

    /// alone(c, op) written with int8 ends to `file` and run in Arm NN on the int8 inputs
    /// `ins` (one vector per sample): its integer outputs, the samples' one after the other.
    std::vector<float> runAlone(const Case& c, const QGraph::Op& op,
                                const std::vector<std::vector<std::int8_t>>& ins,
                                const QString& file) {
        const QGraph s = alone(c, op);
        writeFileAtomic(file.toStdString(),
                        TfliteInt8::toBytes(s, c.floatGraph, {s.tensors[1].size}, "op", true));
        std::vector<float> x;
        for (const std::vector<std::int8_t>& row : ins)
            for (const std::int8_t v : row) x.push_back(float(v));
        const QString inputs = file + QStringLiteral("-q.npy");
        writeNpy(inputs, {Index(ins.size()), s.tensors[1].size}, x.data(), Index(x.size()));
        return runArmnn(file, inputs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        keepExportsIfAsked(m_dir);
        Rng rng(23);
        for (const ModelCase& c : cases()) addCase(c, rng, {});
        // byom quantize --keep-float: the float layer between DEQUANTIZE and QUANTIZE.
        addCase(everyActivationMlp("keep-float"), rng, {"dense_2"});
        QVERIFY(m_cases.size() > 10);
    }

    void floatEnds_data() {
        QTest::addColumn<QString>("name");
        for (const auto& c : m_cases)
            QTest::newRow(c.first.c_str()) << QString::fromStdString(c.first);
    }

    /// Float input and output: within one output step of the engine's, every output.
    void floatEnds() {
        QFETCH(QString, name);
        const Case& c = m_cases.at(name.toStdString());
        const QString out = m_dir.filePath(name + QStringLiteral(".tflite"));
        const ProgramRun e = exportCase(c, QStringLiteral("tflite"), out);
        QVERIFY2(e.code == 0, qPrintable(e.output));
        BYOM_REQUIRE_RUNTIME(armnnMissing());
        const std::vector<float> y = runArmnn(out, c.inputs);
        const Mat<float> want = QEngine::run(c.q, c.x);
        QCOMPARE(Index(y.size()), want.size());
        const double step = double(c.q.tensors[at(lastInt8(c.q))].params.scale) * gainAfter(c.q);
        double worst = 0.0;
        for (Index s = 0; s < want.cols(); ++s)
            for (Index i = 0; i < want.rows(); ++i)
                worst = std::max(worst, double(std::abs(y[at(s * want.rows() + i)] - want(i, s))));
        qInfo("%s: largest difference %.3g = %.2f output steps", qPrintable(name), worst,
              worst / step);
        QVERIFY2(worst <= step * (1.0 + 1e-4) + 1e-6,
                 qPrintable(name + QStringLiteral(": ") + QString::number(worst / step) +
                            QStringLiteral(" output steps from the integer engine")));
    }

    void int8Ends_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"every-kind", "pools", "few-filters", "activations", "keep-float",
                                 "registered-block"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    /// --int8-io: the input and output tensors are int8 with the QGraph's parameters; the
    /// engine's integers in (the normalised input quantised) give its integers out, within 1.
    void int8Ends() {
        QFETCH(QString, name);
        const Case& c = m_cases.at(name.toStdString());
        const QString out = m_dir.filePath(name + QStringLiteral("-int8.tflite"));
        const ProgramRun e =
            exportCase(c, QStringLiteral("tflite"), out, {QStringLiteral("--int8-io")});
        QVERIFY2(e.code == 0, qPrintable(e.output));
        int firstQ = -1;
        for (const QGraph::Op& op : c.q.ops)
            if (op.kernel == "quantize") {
                firstQ = op.output;
                break;
            }
        const int lastQ = lastInt8(c.q);
        QVERIFY(firstQ >= 0 && lastQ >= 0);
        std::vector<float> ins, want;
        for (Index s = 0; s < kSamples; ++s) {
            const QEngine::Trace t = QEngine::trace(c.q, c.x.col(s).data());
            for (const std::int8_t v : t.q[at(firstQ)]) ins.push_back(float(v));
            for (const std::int8_t v : t.q[at(lastQ)]) want.push_back(float(v));
        }
        const QString inputs = m_dir.filePath(name + QStringLiteral("-q.npy"));
        writeNpy(inputs, {kSamples, Index(ins.size()) / kSamples}, ins.data(), Index(ins.size()));
        BYOM_REQUIRE_RUNTIME(armnnMissing());
        // The ends as Arm NN reads them: QAsymmS8 with the QGraph's scale and zero point.
        const ProgramRun info = runProgram(
            python(),
            {QStringLiteral("-c"),
             QStringLiteral("import contextlib, io, sys\n"
                            "with contextlib.redirect_stdout(io.StringIO()):\n"
                            "    import pyarmnn as ann\n"
                            "p = ann.ITfLiteParser()\n"
                            "p.CreateNetworkFromBinaryFile(sys.argv[1])\n"
                            "for t in (p.GetNetworkInputBindingInfo(0, "
                            "p.GetSubgraphInputTensorNames(0)[0])[1], "
                            "p.GetNetworkOutputBindingInfo(0, "
                            "p.GetSubgraphOutputTensorNames(0)[0])[1]):\n"
                            "    print('end', t.GetDataType() == ann.DataType_QAsymmS8, "
                            "repr(t.GetQuantizationScale()), t.GetQuantizationOffset())\n"),
             out});
        QVERIFY2(info.code == 0, qPrintable(info.output));
        // (pyarmnn's import notes about parsers it lacks go to stderr, merged here.)
        const QStringList lines = info.output.split(QLatin1Char('\n'))
                                      .filter(QRegularExpression(QStringLiteral("^end ")));
        QCOMPARE(lines.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QuantParams& p = c.q.tensors[at(i == 0 ? firstQ : lastQ)].params;
            const QStringList f = lines[i].split(QLatin1Char(' '));
            QCOMPARE(f.value(1), QStringLiteral("True"));
            QCOMPARE(f.value(2).toFloat(), p.scale);
            QCOMPARE(f.value(3).toInt(), p.zeroPoint);
        }
        const std::vector<float> y = runArmnn(out, inputs);
        QCOMPARE(y.size(), want.size());
        float worst = 0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            QCOMPARE(y[i], std::round(y[i]));
            worst = std::max(worst, std::abs(y[i] - want[i]));
        }
        qInfo("%s: largest integer difference %g", qPrintable(name), double(worst));
        QVERIFY2(worst <= 1.0f, qPrintable(name + QStringLiteral(": ") + QString::number(worst)));
    }

    // Every model: the whole-model comparison alone is weak where random weights saturate a
    // softmax (a wrong filter order left every-kind's outputs one step away); this is not.
    void eachOperator_data() { floatEnds_data(); }

    /// Every int8 operator of one input alone (a QGraph of quantize, the op, dequantize,
    /// written with --int8-io's ends) on the engine's integers into that op in the whole
    /// model: the integers out are within 1 of the engine's, most of them equal.
    void eachOperator() {
        QFETCH(QString, name);
        const Case& c = m_cases.at(name.toStdString());
        BYOM_REQUIRE_RUNTIME(armnnMissing());
        std::vector<QEngine::Trace> traces;
        for (Index s = 0; s < kSamples; ++s)
            traces.push_back(QEngine::trace(c.q, c.x.col(s).data()));
        const std::set<std::string> single = {"dense",
                                              "conv1d",
                                              "depthwise_conv1d",
                                              "lut",
                                              "softmax",
                                              "max_pool1d",
                                              "avg_pool1d",
                                              "global_avg_pool1d",
                                              "global_max_pool1d",
                                              "upsampling1d"};
        int checked = 0;
        long long values = 0, off = 0;
        for (std::size_t i = 0; i < c.q.ops.size(); ++i) {
            const QGraph::Op& op = c.q.ops[i];
            if (!single.count(op.kernel)) continue;
            std::vector<std::vector<std::int8_t>> ins;
            for (const QEngine::Trace& t : traces) ins.push_back(t.q[at(op.inputs[0])]);
            std::vector<std::int8_t> want;
            for (const QEngine::Trace& t : traces)
                want.insert(want.end(), t.q[at(op.output)].begin(), t.q[at(op.output)].end());
            const QString file = m_dir.filePath(name + QStringLiteral("-op%1.tflite").arg(i));
            const std::vector<float> y = runAlone(c, op, ins, file);
            QVERIFY2(y.size() == want.size(), qPrintable(QString::fromStdString(op.layer)));
            for (std::size_t j = 0; j < y.size(); ++j) {
                const float d = std::abs(y[j] - float(want[j]));
                QVERIFY2(d <= 1.0f, qPrintable(QString::fromStdString(op.kernel + " " + op.layer) +
                                               QStringLiteral(": ") + QString::number(d)));
                off += d > 0.0f;
            }
            values += Index(y.size());
            ++checked;
        }
        qInfo("%s: %d operators alone, %lld of %lld integers one away from the engine's",
              qPrintable(name), checked, off, values);
        QVERIFY(checked > 0);
    }

    /// A convolution padded other than "same" or not at all (causal: k - 1 places before the
    /// input, none after) is a PAD (with the input's zero point, the real zero; here 50) and a
    /// VALID CONV_2D: within 1 of the engine's integers.
    void explicitPadding() {
        const Case& c = m_cases.at("every-kind");
        BYOM_REQUIRE_RUNTIME(armnnMissing());
        const auto conv = std::find_if(c.q.ops.begin(), c.q.ops.end(), [](const QGraph::Op& op) {
            return op.kernel == "conv1d" && op.ints[3] > 1;
        });
        QVERIFY(conv != c.q.ops.end());
        QGraph::Op op = *conv;
        std::vector<Index>& n = op.ints;  // len, c, f, k, stride, dilation, pad, lout
        n[4] = 1;
        n[6] = (n[3] - 1) * n[5];
        n[7] = n[0];
        Case k = c;
        k.q.tensors[at(op.output)].size = n[0] * n[2];
        // A zero point far from 0: padding with the integer 0 instead would show.
        k.q.tensors[at(op.inputs[0])].params.zeroPoint = 50;
        const QGraph s = alone(k, op);
        Rng rng(5);
        std::vector<std::vector<std::int8_t>> ins;
        std::vector<float> want;
        for (Index r = 0; r < kSamples; ++r) {
            std::vector<float> x;
            for (Index i = 0; i < s.tensors[0].size; ++i) x.push_back(float(rng.normal()));
            const QEngine::Trace t = QEngine::trace(s, x.data());
            ins.push_back(t.q[1]);
            for (const std::int8_t v : t.q[2]) want.push_back(float(v));
        }
        const QString file = m_dir.filePath(QStringLiteral("causal.tflite"));
        const std::vector<float> y = runAlone(k, op, ins, file);
        QCOMPARE(y.size(), want.size());
        float worst = 0;
        for (std::size_t i = 0; i < y.size(); ++i)
            worst = std::max(worst, std::abs(y[i] - want[i]));
        qInfo("causal conv1d (k %lld, dilation %lld): largest integer difference %g",
              static_cast<long long>(n[3]), static_cast<long long>(n[5]), double(worst));
        QVERIFY(worst <= 1.0f);
    }

    /// --format tflite-c of an int8 model: the .tflite file's bytes as a C array.
    void tfliteCHoldsTheSameBytes() {
        const Case& c = m_cases.at("every-kind");
        const QString file = m_dir.filePath(QStringLiteral("c-bytes.tflite"));
        const QString header = m_dir.filePath(QStringLiteral("c-bytes.h"));
        QVERIFY(exportCase(c, QStringLiteral("tflite"), file).code == 0);
        const ProgramRun e = exportCase(c, QStringLiteral("tflite-c"), header,
                                        {QStringLiteral("--name"), QStringLiteral("ecg")});
        QVERIFY2(e.code == 0, qPrintable(e.output));
        QFile f(file), h(header);
        QVERIFY(f.open(QIODevice::ReadOnly) && h.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const QString text = QString::fromUtf8(h.readAll());
        QVERIFY(text.contains(QStringLiteral("an int8 (float input and output) TFLite model")));
        QByteArray parsed;
        QRegularExpressionMatchIterator it =
            QRegularExpression(QStringLiteral("0x([0-9a-f]{2})")).globalMatch(text);
        while (it.hasNext()) parsed.append(char(it.next().captured(1).toInt(nullptr, 16)));
        QCOMPARE(parsed.size(), bytes.size());
        QVERIFY(parsed == bytes);
        QVERIFY(text.contains(QStringLiteral("#define ECG_TFLITE_LEN %1u").arg(bytes.size())));
    }

    /// --int8-io is refused where it means nothing (another format, a regression model's
    /// float output), and --no-normalization for an int8 model.
    void int8IoRefusedElsewhere() {
        const Case& c = m_cases.at("pools");
        ProgramRun r = exportCase(c, QStringLiteral("c"), m_dir.filePath(QStringLiteral("c-io")),
                                  {QStringLiteral("--int8-io")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.output.contains(QStringLiteral("--int8-io")), qPrintable(r.output));
        r = exportCase(c, QStringLiteral("onnx"), m_dir.filePath(QStringLiteral("x.onnx")));
        QVERIFY(r.code != 0);
        QVERIFY2(r.output.contains(QStringLiteral("--format c, tflite or tflite-c")),
                 qPrintable(r.output));
        // The input normalisation is part of the int8 graph.
        r = exportCase(c, QStringLiteral("tflite"), m_dir.filePath(QStringLiteral("n.tflite")),
                       {QStringLiteral("--no-normalization")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.output.contains(QStringLiteral("export without --no-normalization")),
                 qPrintable(r.output));
        // A regression model's output is scaled back in float after the last int8 tensor.
        r = exportCase(m_cases.at("regression-mlp"), QStringLiteral("tflite"),
                       m_dir.filePath(QStringLiteral("r.tflite")), {QStringLiteral("--int8-io")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.output.contains(QStringLiteral("computed in float after the last int8")),
                 qPrintable(r.output));
    }
};

QTEST_MAIN(TestTfliteInt8)
#include "tst_tfliteint8.moc"
