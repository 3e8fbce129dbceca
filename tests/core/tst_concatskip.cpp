// Concatenating skip block: gradients, the order of the concatenated channels, shapes and
// errors, tensor names, the summary and the JSON round trip.

#include <QtTest>

#include "core/layers/concatskip.h"
#include "core/model/summary.h"
#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec concatSkip(std::vector<LayerSpec> inner) {
    LayerSpec s = LayerSpec::of("concat_skip");
    s.layers = std::move(inner);
    return s;
}

LayerSpec conv(int filters, int kernel = 3, int strides = 1) {
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", kernel},
                                    {"strides", strides},
                                    {"padding", "same"},
                                    {"activation", "tanh"}});
}

}  // namespace

class TestConcatSkip : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<bool>("training");
        QTest::newRow("one conv") << 0 << true;
        QTest::newRow("pool, conv, upsample (a U-Net level)") << 1 << true;
        QTest::newRow("nested levels") << 2 << true;
        QTest::newRow("batch norm inside, training") << 3 << true;
        QTest::newRow("batch norm inside, inference") << 3 << false;
        QTest::newRow("flat input, dense inside") << 4 << true;
        QTest::newRow("empty inner stack") << 5 << true;
    }

    void gradients() {
        QFETCH(int, which);
        QFETCH(bool, training);
        Shape in{8, 3};
        LayerSpec block;
        const LayerSpec pool = LayerSpec::of("max_pool1d", {{"pool_size", 2}, {"strides", 2}});
        const LayerSpec up = LayerSpec::of("upsampling1d", {{"size", 2}});
        switch (which) {
            case 0:
                block = concatSkip({conv(2)});
                break;
            case 1:
                block = concatSkip({pool, conv(4), up});
                break;
            case 2:
                block = concatSkip({conv(2), pool, concatSkip({conv(3), pool, conv(2), up}), up});
                break;
            case 3:
                block = concatSkip({conv(3), LayerSpec::of("batch_norm")});
                break;
            case 4:
                in = Shape{5};
                block =
                    concatSkip({LayerSpec::of("dense", {{"units", 3}, {"activation", "tanh"}})});
                break;
            default:
                block = concatSkip({});
                break;
        }
        // A following layer mixes every output channel into the loss.
        const std::vector<LayerSpec> specs = {block, LayerSpec::of("layer_norm")};
        BYOM_CHECK_GRADS(specs, in, 3, training);
    }

    void concatenatesInnerChannelsFirst() {
        // The inner conv (1 filter, kernel 1, weight 2, bias 1) gives 2x + 1 of the first
        // input channel... of both channels summed: w = [2, 2]. Input (3, 2), one sample.
        LayerSpec c = LayerSpec::of("conv1d", {{"filters", 1}, {"kernel_size", 1}});
        Model<double> model({concatSkip({c})}, Shape{3, 2});
        QCOMPARE(model.outputShape(), (Shape{3, 3}));
        model.params() << 2.0, 2.0, 1.0;  // kernel (1, 2, 1), bias (1)
        Mat<double> x(6, 1);
        x << 1, 2, 3, 4, 5, 6;  // positions (1, 2), (3, 4), (5, 6)
        const Mat<double> y = model.forward(x, false);
        Mat<double> expected(9, 1);
        expected << 7, 1, 2, 15, 3, 4, 23, 5, 6;
        QCOMPARE(y, expected);
    }

    void shapesAndCounts() {
        // conv 3 -> 5 filters, kernel 3: 3*3*5 + 5 = 50 parameters; the block adds none.
        Model<float> model({concatSkip({conv(5)})}, Shape{16, 3});
        QCOMPARE(model.outputShape(), (Shape{16, 8}));
        QCOMPARE(model.paramCount(), Index(50));
        QCOMPARE(test::shapeOrError(concatSkip({}), Shape{16, 3}), QStringLiteral("(16, 6)"));
        QCOMPARE(test::shapeOrError(concatSkip({LayerSpec::of("dense", {{"units", 2}})}), Shape{4}),
                 QStringLiteral("(6,)"));
        // flops are the inner stack's.
        QCOMPARE(model.layer(0).flops(), 2LL * 16 * 5 * 3 * 3);
    }

    void errors_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("length halves") << 0 << "keep the length";
        QTest::newRow("rank changes") << 1 << "same rank";
        QTest::newRow("inner layer error") << 2 << "inner layer 0 (conv1d)";
    }

    void errors() {
        QFETCH(int, which);
        QFETCH(QString, fragment);
        LayerSpec block;
        switch (which) {
            case 0:
                block = concatSkip({conv(4, 3, 2)});
                break;
            case 1:
                block = concatSkip({LayerSpec::of("flatten")});
                break;
            default:
                block = concatSkip({LayerSpec::of("conv1d", {{"kernel_size", 40}})});
                break;
        }
        const QString e = test::shapeOrError(block, Shape{16, 4});
        QVERIFY2(e.startsWith(QStringLiteral("error: ")) && e.contains(fragment), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("layers[0]")), qPrintable(e));
    }

    void tensorNamesAndSlices() {
        Model<double> model({concatSkip({conv(4), LayerSpec::of("batch_norm")})}, Shape{10, 3});
        const Layer<double>& block = model.layer(0);
        QCOMPARE(test::tensorProblems(block), QString());
        const QStringList expected = {
            QStringLiteral("layers[0].kernel"),      QStringLiteral("layers[0].bias"),
            QStringLiteral("layers[1].gamma"),       QStringLiteral("layers[1].beta"),
            QStringLiteral("layers[1].moving_mean"), QStringLiteral("layers[1].moving_variance"),
        };
        QCOMPARE(test::tensorNames(block), expected);
        QCOMPARE(block.stateCount(), Index(8));
        // The inner conv is bound to the model's slice: its last bias moves output channel 3.
        Model<double> plain({concatSkip({conv(4)})}, Shape{10, 3});
        plain.init(1);
        Rng rng(2);
        const Mat<double> x = test::randomMatrix(30, 2, rng);
        plain.params()(3 * 3 * 4 + 3) = 50.0;  // tanh saturates: channel 3 is 1 everywhere
        const Mat<double> y = plain.forward(x, false);
        for (Index l = 0; l < 10; ++l) QVERIFY(std::abs(y(l * 7 + 3, 1) - 1.0) < 1e-12);
    }

    void jsonRoundTripAndSummary() {
        const LayerSpec block = concatSkip({LayerSpec::of("max_pool1d", {{"pool_size", 2}}),
                                            conv(4), LayerSpec::of("upsampling1d", {{"size", 2}})});
        const json j = LayerSpec::listToJson({block});
        const std::vector<LayerSpec> back = LayerSpec::listFromJson(j, "layers");
        QCOMPARE(LayerSpec::listToJson(back).dump(), j.dump());
        QCOMPARE(back[0].layers.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(j[0]["name"].get<std::string>()),
                 QStringLiteral("concat_skip"));

        Model<float> model(back, Shape{16, 2});
        const ModelSummary s = summarize(model);
        QCOMPARE(s.rows.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(s.rows[0].kind),
                 QStringLiteral("Concatenating skip block"));
        QCOMPARE(s.rows[0].outputShape, (Shape{16, 6}));
        QCOMPARE(s.rows[0].params, Index(3 * 2 * 4 + 4));
        QVERIFY(s.toText().find("concat_skip") != std::string::npos);
        QCOMPARE(s.trainable, Index(3 * 2 * 4 + 4));
    }
};

QTEST_GUILESS_MAIN(TestConcatSkip)
#include "tst_concatskip.moc"
