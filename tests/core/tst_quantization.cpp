// int8 quantisation: TFLite's fixed-point arithmetic on cases worked out by hand (rounding
// ties, saturation), each int8 kernel of the integer engine on hand-made graphs, the float
// graph the quantiser calibrates on against the engine, every model of the C export's cases
// (every layer kind and activation, the zoo, the example params) quantised close to its float
// outputs with every layer's SQNR measured, the quantised model file read back bit for bit,
// and bad input (NaN weights, calibration of the wrong shape or none, damaged files) refused
// with a message naming the problem.

#include <QtTest>
#include <cmath>
#include <limits>

#include "core/io/export/clowering.h"
#include "core/io/export/exportmodel.h"
#include "core/io/modelfile.h"
#include "core/quant/cgraphrunner.h"
#include "core/quant/fixedpoint.h"
#include "core/quant/predictor.h"
#include "core/quant/qengine.h"
#include "core/quant/quantizer.h"
#include "core/quant/quantreport.h"
#include "core/train/evaluation.h"
#include "core/train/metrics.h"
#include "core/util/error.h"
#include "core/util/rng.h"
#include "support/ccases.h"
#include "support/modelcases.h"

using namespace byom;
using namespace byom::test;

namespace {

constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();

/// Raw samples around the model's normalisation (centre within 0.5, scale 0.5 to 1.5).
Mat<float> rawInputs(Index rows, Index cols, std::uint64_t seed) {
    Rng rng(seed);
    Mat<float> x(rows, cols);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
    return x;
}

/// A graph of one int8 op between a quantize of the float input and a dequantize of its
/// output: tensors 0 (float in), 1 (int8 in), 2 (int8 out), 3 (float out).
QGraph oneOp(QGraph::Op op, Index in, QuantParams pin, Index out, QuantParams pout,
             Index outChannels = 1) {
    QGraph g;
    g.tensors = {{in, 1, true, {}, 0, false},
                 {in, 1, false, pin, 0, false},
                 {out, outChannels, false, pout, 1, false},
                 {out, outChannels, true, {}, 1, false}};
    QGraph::Op q;
    q.kernel = "quantize";
    q.inputs = {0};
    q.output = 1;
    q.ints = {in};
    op.inputs = {1};
    op.output = 2;
    QGraph::Op d;
    d.kernel = "dequantize";
    d.inputs = {2};
    d.output = 3;
    d.ints = {out};
    g.ops = {q, op, d};
    g.output = 3;
    return g;
}

std::vector<std::int8_t> int8Output(const QGraph& g, std::vector<float> x) {
    return QEngine::trace(g, x.data()).q[2];
}

}  // namespace

class TestQuantization : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quantizeMultiplierSplitsMantissaAndShift() {
        QCOMPARE(quantizeMultiplier(0.5).multiplier, 1 << 30);
        QCOMPARE(quantizeMultiplier(0.5).shift, 0);
        QCOMPARE(quantizeMultiplier(1.0).multiplier, 1 << 30);
        QCOMPARE(quantizeMultiplier(1.0).shift, 1);
        QCOMPARE(quantizeMultiplier(0.75).multiplier, 1610612736);  // 0.75 * 2^31
        QCOMPARE(quantizeMultiplier(0.75).shift, 0);
        QCOMPARE(quantizeMultiplier(0.25).shift, -1);
        // A mantissa rounding up to 2^31 halves and bumps the shift.
        const QuantizedMultiplier m = quantizeMultiplier(std::nextafter(1.0, 0.0));
        QCOMPARE(m.multiplier, 1 << 30);
        QCOMPARE(m.shift, 1);
        QCOMPARE(quantizeMultiplier(0.0).multiplier, 0);
        QCOMPARE(quantizeMultiplier(std::ldexp(1.0, -40)).multiplier, 0);  // below 2^-31: 0
    }

    void highMulRoundsAndSaturates() {
        // round(a * b / 2^31): 3 * 2^30 / 2^31 = 1.5 rounds to 2; -1.5 to -1 (gemmlowp's
        // nudge sends ties up); 2.5 * 2 = 5 exactly.
        QCOMPARE(saturatingRoundingDoublingHighMul(1 << 30, 3), 2);
        QCOMPARE(saturatingRoundingDoublingHighMul(1 << 30, -3), -1);
        QCOMPARE(saturatingRoundingDoublingHighMul(1 << 30, 10), 5);
        QCOMPARE(saturatingRoundingDoublingHighMul(1 << 30, 1), 1);   // 0.5 -> 1
        QCOMPARE(saturatingRoundingDoublingHighMul(1 << 30, -1), 0);  // -0.5 -> 0
        // The one overflowing product saturates.
        QCOMPARE(saturatingRoundingDoublingHighMul(kMin, kMin), kMax);
        QCOMPARE(saturatingRoundingDoublingHighMul(kMax, kMax), kMax - 1);
    }

    void divideByPowerOfTwoRoundsTiesAwayFromZero() {
        QCOMPARE(roundingDivideByPOT(5, 1), 3);    // 2.5
        QCOMPARE(roundingDivideByPOT(-5, 1), -3);  // -2.5
        QCOMPARE(roundingDivideByPOT(-3, 1), -2);  // -1.5
        QCOMPARE(roundingDivideByPOT(7, 2), 2);    // 1.75
        QCOMPARE(roundingDivideByPOT(-7, 2), -2);  // -1.75
        QCOMPARE(roundingDivideByPOT(6, 2), 2);    // 1.5
        QCOMPARE(roundingDivideByPOT(5, 2), 1);    // 1.25
        QCOMPARE(roundingDivideByPOT(9, 0), 9);
    }

    void requantisationMultipliesAndShifts() {
        QCOMPARE(multiplyByQuantizedMultiplier(100, quantizeMultiplier(0.5)), 50);
        QCOMPARE(multiplyByQuantizedMultiplier(3, quantizeMultiplier(0.25)), 1);    // 0.75
        QCOMPARE(multiplyByQuantizedMultiplier(6, quantizeMultiplier(0.25)), 2);    // 1.5
        QCOMPARE(multiplyByQuantizedMultiplier(-6, quantizeMultiplier(0.25)), -2);  // -1.5
        QCOMPARE(multiplyByQuantizedMultiplier(10, quantizeMultiplier(3.0)), 30);   // left shift
        QCOMPARE(multiplyByQuantizedMultiplier(1000, quantizeMultiplier(0.001)), 1);
    }

    void quantParamsCoverTheRangeAndZero() {
        const QuantParams p = QuantParams::fromRange(-1.0, 1.0);
        QCOMPARE(p.scale, float(2.0 / 255.0));
        QCOMPARE(p.zeroPoint, -1);  // -128 + 127.5 rounds away from zero
        const QuantParams relu6 = QuantParams::fromRange(0.0, 6.0);
        QCOMPARE(relu6.zeroPoint, -128);
        QCOMPARE(int(relu6.quantize(6.0f)), 127);
        QCOMPARE(int(relu6.quantize(0.0f)), -128);
        QCOMPARE(int(relu6.quantize(100.0f)), 127);    // saturates
        QCOMPARE(int(relu6.quantize(-100.0f)), -128);  // saturates
        const QuantParams unit{1.0f, 0};
        QCOMPARE(int(unit.quantize(0.5f)), 1);  // ties away from zero
        QCOMPARE(int(unit.quantize(-0.5f)), -1);
        QCOMPARE(int(unit.quantize(2.5f)), 3);
        QCOMPARE(int(unit.quantize(std::nanf(""))), 0);
        // A positive-only range is widened to hold 0 exactly.
        const QuantParams pos = QuantParams::fromRange(2.0, 4.0);
        QCOMPARE(pos.zeroPoint, -128);
        QCOMPARE(pos.dequantize(-128), 0.0f);
        QCOMPARE(QuantParams::fromRange(0.0, 0.0).scale, 1.0f);
    }

    /// dense: acc = bias + sum (x - zx) w, requantised, plus the output's zero point, clamped.
    void denseKernelByHand() {
        QGraph::Op op;
        op.kernel = "dense";
        op.ints = {2, 1};
        op.weights = {2, -3};
        op.bias = {1};
        op.requant = {quantizeMultiplier(0.25)};
        QGraph g = oneOp(op, 2, {0.5f, 0}, 1, {1.0f, 10});
        // x = (1.5, 0.5) -> q (3, 1): acc 1 + 6 - 3 = 4; 4 * 0.25 = 1; y = 11.
        QCOMPARE(int(int8Output(g, {1.5f, 0.5f})[0]), 11);
        QCOMPARE(QEngine::run(g, Eigen::Map<const Mat<float>>(std::vector<float>{1.5f, 0.5f}.data(),
                                                              2, 1))(0, 0),
                 1.0f);
        // acc 1 + 126 * 2 = 253; x 0.25 = 63.25, but TFLite's double rounding gives 64:
        // the high multiply by 0.5 rounds 126.5 up to 127, the shift rounds 63.5 to 64. y 74.
        QCOMPARE(int(int8Output(g, {63.0f, 0.0f})[0]), 74);
        // Saturation: acc 253 * 4 = 1012 -> 1022 clamps to 127.
        g.ops[1].requant = {quantizeMultiplier(4.0)};
        QCOMPARE(int(int8Output(g, {63.0f, 0.0f})[0]), 127);
        // The fused ReLU's clamp.
        g.ops[1].requant = {quantizeMultiplier(0.25)};
        g.ops[1].actMin = 10;
        QCOMPARE(int(int8Output(g, {-20.0f, 10.0f})[0]), 10);  // acc 1 - 80 - 60 -> -35 -> 10
    }

    /// conv1d with padding and an input zero point: the padding contributes nothing.
    void convKernelByHand() {
        QGraph::Op op;
        op.kernel = "conv1d";
        // len 3, c 1, f 1, k 3, stride 1, dil 1, pad 1, lout 3
        op.ints = {3, 1, 1, 3, 1, 1, 1, 3};
        op.weights = {1, 2, 3};
        op.bias = {0};
        op.requant = {quantizeMultiplier(0.5)};
        const QGraph g = oneOp(op, 3, {1.0f, 5}, 3, {1.0f, 0});
        // x = (1, 2, 3) -> q (6, 7, 8), minus zx 5: (1, 2, 3).
        // y0 = (0*1 + 1*2 + 2*3) / 2 = 4; y1 = (1 + 4 + 9) / 2 = 7; y2 = (2 + 6 + 0) / 2 = 4.
        const std::vector<std::int8_t> y = int8Output(g, {1.0f, 2.0f, 3.0f});
        QCOMPARE(int(y[0]), 4);
        QCOMPARE(int(y[1]), 7);
        QCOMPARE(int(y[2]), 4);
    }

    /// TFLite's ADD: inputs rescaled to twice the larger scale with 20 bits of headroom.
    void addKernelByHand() {
        QGraph g;
        g.tensors = {{2, 1, true, {}, 0, false},
                     {2, 1, false, {1.0f, 0}, 0, false},
                     {2, 1, false, {1.0f, 0}, 0, false},
                     {1, 1, false, {0.5f, 3}, 1, false},
                     {1, 1, true, {}, 1, false}};
        const auto op = [](const char* kernel, std::vector<int> in, int out,
                           std::vector<Index> ints) {
            QGraph::Op o;
            o.kernel = kernel;
            o.inputs = std::move(in);
            o.output = out;
            o.ints = std::move(ints);
            return o;
        };
        // Two size-1 int8 copies of the input (tensors 1 and 2), added into tensor 3.
        g.tensors[0].size = g.tensors[1].size = g.tensors[2].size = 1;
        const QGraph::Op q = op("quantize", {0}, 1, {1});
        const QGraph::Op q2 = op("quantize", {0}, 2, {1});
        QGraph::Op add = op("add", {1, 2}, 3, {1, 1});
        add.requant = {quantizeMultiplier(0.5), quantizeMultiplier(0.5),
                       quantizeMultiplier(2.0 / (double(1 << 20) * 0.5))};
        const QGraph::Op d = op("dequantize", {3}, 4, {1});
        g.ops = {q, q2, add, d};
        g.output = 4;
        // 3 + 3 = 6 at scale 0.5: 12, plus 3: 15.
        const float x = 3.0f;
        QCOMPARE(int(QEngine::trace(g, &x).q[3][0]), 15);
        QCOMPARE(QEngine::trace(g, &x).f[4][0], 6.0f);
    }

    /// softmax: the int32 exponential table, divided with rounding to 1/256 steps.
    void softmaxKernelByHand() {
        QGraph::Op op;
        op.kernel = "softmax";
        op.ints = {2, 2};
        for (int d = 0; d < 256; ++d)
            op.table.push_back(std::int32_t(std::lround(std::exp(-d * std::log(2.0)) * 1048576.0)));
        const QGraph g = oneOp(op, 2, {1.0f, 0}, 2, {1.0f / 256.0f, -128}, 2);
        // x (5, 4): e (2^20, 2^19), sum 3 * 2^19: 256 * 2/3 = 170.67 -> 171 -> 43;
        // 256 / 3 = 85.33 -> 85 -> -43.
        const std::vector<std::int8_t> y = int8Output(g, {5.0f, 4.0f});
        QCOMPARE(int(y[0]), 43);
        QCOMPARE(int(y[1]), -43);
        // Equal inputs: 128 each -> 0; one certain class saturates at 127.
        QCOMPARE(int(int8Output(g, {1.0f, 1.0f})[0]), 0);
        QCOMPARE(int(int8Output(g, {100.0f, -100.0f})[0]), 127);
    }

    /// Average pooling rounds the mean half away from zero; max pooling picks int8 values.
    void poolKernelsByHand() {
        QGraph::Op op;
        op.kernel = "avg_pool1d";
        op.ints = {4, 1, 2, 2, 0, 2};  // len 4, c 1, k 2, stride 2, pad 0, lout 2
        const QGraph g = oneOp(op, 4, {1.0f, 0}, 2, {1.0f, 0});
        std::vector<std::int8_t> y = int8Output(g, {1.0f, 2.0f, -1.0f, -2.0f});
        QCOMPARE(int(y[0]), 2);   // 1.5
        QCOMPARE(int(y[1]), -2);  // -1.5
        QGraph m = g;
        m.ops[1].kernel = "max_pool1d";
        y = int8Output(m, {1.0f, 2.0f, -1.0f, -2.0f});
        QCOMPARE(int(y[0]), 2);
        QCOMPARE(int(y[1]), -1);
    }

    /// The float graph computes what the engine does (the quantiser calibrates on it).
    void floatGraphMatchesTheEngine_data() {
        QTest::addColumn<int>("index");
        const std::vector<ModelCase> all = cases();
        for (std::size_t i = 0; i < all.size(); ++i) QTest::newRow(all[i].name.c_str()) << int(i);
    }

    void floatGraphMatchesTheEngine() {
        QFETCH(int, index);
        const ModelCase c = cases()[static_cast<std::size_t>(index)];
        Rng rng(5);
        const TrainedModel m = withRandomWeights(c, rng);
        const ExportModel e = ExportModel::fromTrained(m);
        const CGraph g = CLowering::lower(e);
        const Mat<float> x = rawInputs(c.input.size(), 4, 9);
        const Mat<float> want = Predictor::floatOutputs(m, x, "model");
        for (Index s = 0; s < x.cols(); ++s) {
            const CGraphRunner::Trace t = CGraphRunner::run(g, x.col(s).data());
            const std::vector<float>& got = t.tensors[static_cast<std::size_t>(g.output())];
            for (Index k = 0; k < want.rows(); ++k)
                QVERIFY2(std::abs(got[static_cast<std::size_t>(k)] - want(k, s)) <=
                             1e-4f * (1.0f + std::abs(want(k, s))),
                         qPrintable(QStringLiteral("output %1 of sample %2: %3 vs %4")
                                        .arg(k)
                                        .arg(s)
                                        .arg(got[static_cast<std::size_t>(k)])
                                        .arg(want(k, s))));
        }
    }

    /// Every case quantises: int8 outputs near the float ones, every layer's SQNR measured,
    /// layer_norm left in float, and the model file keeps the integer graph exactly.
    void everyCaseQuantises_data() { floatGraphMatchesTheEngine_data(); }

    void everyCaseQuantises() {
        QFETCH(int, index);
        const ModelCase c = cases()[static_cast<std::size_t>(index)];
        Rng rng(5);
        TrainedModel m = withRandomWeights(c, rng);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        const Mat<float> calibration = rawInputs(c.input.size(), 64, 21);
        const QGraph q = Quantizer::quantize(g, calibration);
        const Mat<float> x = rawInputs(c.input.size(), 16, 22);
        const Mat<float> f = Predictor::floatOutputs(m, x, "model");
        const Mat<float> i8 = QEngine::run(q, x);
        // Within a few steps of the output's quantisation.
        const QGraph::Tensor& out = q.tensors[static_cast<std::size_t>(q.ops.back().inputs[0])];
        const float scale = out.isFloat ? 0.0f : out.params.scale;
        const float range = f.maxCoeff() - f.minCoeff();
        const float err = (f - i8).cwiseAbs().maxCoeff();
        QVERIFY2(err <= std::max(8.0f * scale, 0.15f * range),
                 qPrintable(QStringLiteral("largest difference %1 (output scale %2, range %3)")
                                .arg(err)
                                .arg(scale)
                                .arg(range)));
        // layer_norm and concat (a concat_skip block) have no int8 kernel: they stay in
        // float, and are said to, with the reason.
        bool noInt8 = false;
        for (const CGraph::Op& op : g.ops())
            noInt8 |= op.kernel == "layer_norm" || op.kernel == "concat";
        bool floatLayer = false, saysWhy = false;
        for (const auto& f : q.floatLayers) {
            floatLayer |=
                f.first != "input normalisation" && f.first != "regression target scaling";
            saysWhy |= f.second.find("has no int8 kernel: it runs in float") != std::string::npos;
        }
        QCOMPARE(saysWhy, noInt8);
        QCOMPARE(floatLayer, noInt8);
        // The weights are int8: a quarter of the float graph's bytes, or less (the float
        // ones of a layer kept in float aside).
        long long int8Weights = 0;
        for (const QGraph::Op& op : q.ops) int8Weights += static_cast<long long>(op.weights.size());
        QVERIFY(4 * int8Weights <= g.weightBytes());
        // The file keeps the graph: the same integers after a round trip.
        m.quantized = std::make_shared<QGraph>(q);
        m.quantization = {{"scheme", "int8"}};
        const TrainedModel back = modelFromJson(modelToJson(m), "model.json");
        QVERIFY(back.quantized);
        QCOMPARE(back.quantization.value("scheme", ""), std::string("int8"));
        const Mat<float> again = Predictor::outputs(back, x, "model.json");
        QVERIFY(again == i8);
    }

    /// A network of one dense layer with known weights: the report's SQNR is high for the
    /// int8 layers and names the one kept in float.
    void reportMeasuresEachLayer() {
        const ModelCase c = everyActivationMlp("activations");
        Rng rng(5);
        const TrainedModel m = withRandomWeights(c, rng);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        const QGraph q = Quantizer::quantize(g, rawInputs(6, 128, 3), {"dense_2"});
        Dataset data;
        data.x = rawInputs(6, 40, 4);
        data.inputShape = Shape{6};
        data.targetShape = Shape{3};
        data.task = Task::Classification;
        data.classNames = {"c0", "c1", "c2"};
        const Mat<float> f = Predictor::floatOutputs(m, data.x, "model");
        data.labels = argmaxColumns(f);
        data.oneHotFromLabels();
        const QuantReport r = QuantReport::compute(m, g, q, data, "random rows", "model");
        QCOMPARE(r.rows, Index(40));
        QCOMPARE(r.floatScore, 1.0);  // the labels are the float model's own classes
        QVERIFY(r.agreement > 0.9);
        QCOMPARE(r.int8Score, r.agreement);
        QVERIFY(r.layers.size() >= 12);
        bool kept = false;
        for (const QuantReport::Layer& l : r.layers) {
            if (l.name == "dense_2") {
                kept = true;
                QVERIFY(l.isFloat);
            } else if (l.kind == "dense") {
                QVERIFY2(l.sqnrDb > 15.0, qPrintable(QString::fromStdString(l.name)));
            }
        }
        QVERIFY(kept);
        QCOMPARE(r.floatLayers.size(), std::size_t(2));  // dense_2 and the input normalisation
        const QuantReport back = QuantReport::fromJson(r.toJson());
        QCOMPARE(back.layers.size(), r.layers.size());
        QCOMPARE(back.int8Score, r.int8Score);
        QVERIFY(QString::fromStdString(r.toText()).contains(QStringLiteral("dense_2")));
    }

    void badInputIsRefused() {
        const ModelCase c = everyActivationMlp("activations");
        Rng rng(5);
        TrainedModel m = withRandomWeights(c, rng);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        const auto refuses = [](auto&& f, const char* words) {
            try {
                f();
            } catch (const Error& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String(words)), e.what());
                return;
            }
            QFAIL(qPrintable(QStringLiteral("no error for ") + QLatin1String(words)));
        };
        refuses([&] { Quantizer::quantize(g, Mat<float>(6, 0)); }, "no samples");
        refuses([&] { Quantizer::quantize(g, rawInputs(5, 10, 1)); }, "hold 5 values");
        refuses([&] { Quantizer::quantize(g, rawInputs(6, 10, 1), {"dense_99"}); },
                "no layer \"dense_99\"");
        Mat<float> nan = rawInputs(6, 10, 1);
        nan(2, 3) = std::nanf("");
        refuses([&] { Quantizer::quantize(g, nan); }, "not finite");
        m.model->params()[3] = std::numeric_limits<float>::infinity();
        const CGraph bad = CLowering::lower(ExportModel::fromTrained(m));
        refuses([&] { Quantizer::quantize(bad, rawInputs(6, 10, 1)); }, "NaN or infinite");
    }

    /// A damaged graph in a model file: one error naming the file and the JSON path.
    void damagedFilesAreRefused() {
        const ModelCase c = everyActivationMlp("activations");
        Rng rng(5);
        TrainedModel m = withRandomWeights(c, rng);
        const CGraph g = CLowering::lower(ExportModel::fromTrained(m));
        m.quantized = std::make_shared<QGraph>(Quantizer::quantize(g, rawInputs(6, 20, 1)));
        const json good = modelToJson(m);
        // The first dense op, ops[d]; the words name it as "ops[D]".
        std::size_t d = 0;
        while (good["quantization"]["graph"]["ops"][d]["kernel"] != "dense") ++d;
        const auto refuses = [&good, d](auto edit, std::string words) {
            json j = good;
            edit(j["quantization"]["graph"]["ops"][d], j["quantization"]["graph"]);
            const std::string at = "ops[" + std::to_string(d) + "]";
            for (std::size_t p = words.find("ops[D]"); p != std::string::npos;
                 p = words.find("ops[D]"))
                words.replace(p, 6, at);
            try {
                modelFromJson(j, "q.json");
            } catch (const Error& e) {
                const QString what = QString::fromUtf8(e.what());
                QVERIFY2(what.startsWith(QLatin1String("q.json: quantization.graph")), e.what());
                QVERIFY2(what.contains(QString::fromStdString(words)), e.what());
                return;
            }
            QFAIL(qPrintable(QStringLiteral("accepted: ") + QString::fromStdString(words)));
        };
        refuses([](json& o, json&) { o["kernel"] = "fft"; }, "ops[D].kernel: unknown kernel");
        refuses([](json& o, json&) { o["inputs"] = {99}; }, "ops[D].inputs");
        refuses([](json& o, json&) { o["bias"] = json::array(); }, "ops[D]: the biases");
        refuses([](json& o, json&) { o["weights"] = "AAAA"; }, "weights' count");
        refuses([](json& o, json&) { o["ints"] = {1}; }, "ops[D].ints");
        refuses([](json& o, json&) { o["requant"] = {{1, 99}}; }, "ops[D].requant");
        // The C library's one-rounding requantisation needs a multiplier of 0 to 2^31 - 1.
        refuses(
            [](json& o, json&) {
                o["requant"] = {{-1073741824, -3}};
            },
            "multiplier 0 to 2^31 - 1");
        refuses([](json&, json& g) { g["tensors"][1]["zero_point"] = 300; },
                "tensors[1].zero_point");
        refuses([](json&, json& g) { g["tensors"][1]["scale"] = -1; }, "tensors[1].scale");
        refuses([](json&, json& g) { g.erase("ops"); }, "ops: is missing");
    }
};

QTEST_APPLESS_MAIN(TestQuantization)
#include "tst_quantization.moc"
