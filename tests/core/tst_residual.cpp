// Residual block: gradients through identity and projection skips (conv and dense, strided),
// parameter counts, errors, and unique prefixed tensor names.

#include <QtTest>

#include "core/layers/residual.h"
#include "support/layercheck.h"

using namespace byom;

namespace {

LayerSpec residual(std::vector<LayerSpec> inner, const char* projection = "auto",
                   const char* activation = "linear") {
    LayerSpec s =
        LayerSpec::of("residual", {{"projection", projection}, {"activation", activation}});
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

class TestResidual : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<bool>("training");
        QTest::newRow("identity") << 0 << true;
        QTest::newRow("identity, relu after the add") << 1 << true;
        QTest::newRow("conv projection") << 2 << true;
        QTest::newRow("strided conv projection, odd length") << 3 << true;
        QTest::newRow("projection always") << 4 << true;
        QTest::newRow("dense projection") << 5 << true;
        QTest::newRow("batch norm inside, training") << 6 << true;
        QTest::newRow("batch norm inside, inference") << 6 << false;
        QTest::newRow("nested blocks") << 7 << true;
        QTest::newRow("empty inner stack") << 8 << true;
    }

    void gradients() {
        QFETCH(int, which);
        QFETCH(bool, training);
        Shape in{7, 3};
        LayerSpec block;
        switch (which) {
            case 0:
                block = residual({conv(3), conv(3)});
                break;
            case 1:
                block = residual({conv(3)}, "auto", "relu");
                break;
            case 2:
                block = residual({conv(5)});
                break;
            case 3:
                block = residual({conv(4, 3, 2), conv(4)}, "auto", "elu");
                break;
            case 4:
                block = residual({conv(3)}, "always");
                break;
            case 5:
                in = Shape{4};
                block = residual({LayerSpec::of("dense", {{"units", 6}, {"activation", "tanh"}})});
                break;
            case 6:
                block = residual({conv(3), LayerSpec::of("batch_norm")});
                break;
            case 7:
                block = residual({residual({conv(3)}), residual({conv(2, 3, 2)}, "auto", "relu")});
                break;
            default:
                block = residual({});
                break;
        }
        // A following layer keeps the block's activation in place.
        const std::vector<LayerSpec> specs = {block, LayerSpec::of("layer_norm")};
        BYOM_CHECK_GRADS(specs, in, 3, training);
    }

    void parameterCounts() {
        const Shape in{16, 4};
        // Identity: only the inner conv (3*4*4 + 4).
        Model<float> identity({residual({conv(4)})}, in);
        QCOMPARE(identity.paramCount(), Index(52));
        QVERIFY(!dynamic_cast<const Residual<float>&>(identity.layer(0)).hasProjection());
        // More channels: inner 3*4*8 + 8, projection 4*8 + 8.
        Model<float> wider({residual({conv(8)})}, in);
        QCOMPARE(wider.paramCount(), Index(104 + 40));
        QCOMPARE(wider.outputShape(), (Shape{16, 8}));
        // Forced projection on an unchanged shape: + 4*4 + 4.
        Model<float> always({residual({conv(4)}, "always")}, in);
        QCOMPARE(always.paramCount(), Index(52 + 20));
        // Strided inner stack: the projection is strided too.
        Model<float> strided({residual({conv(4, 3, 2)})}, in);
        QCOMPARE(strided.outputShape(), (Shape{8, 4}));
        QCOMPARE(strided.paramCount(), Index(52 + 20));
        // Flat input: a dense projection (inner 4*6 + 6, projection 4*6 + 6).
        Model<float> flat({residual({LayerSpec::of("dense", {{"units", 6}})})}, Shape{4});
        QCOMPARE(flat.paramCount(), Index(60));
        // flops cover the inner stack, the projection and the add.
        QCOMPARE(wider.layer(0).flops(), 2LL * 16 * 8 * 3 * 4 + 2LL * 16 * 8 * 4 + 16 * 8);
    }

    void errors_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("never with a changed shape") << 0 << "identity skip needs equal shapes";
        QTest::newRow("rank changes") << 1 << "same rank";
        QTest::newRow("length grows") << 2 << "no strided 1x1 projection";
        QTest::newRow("inner layer error") << 3 << "inner layer 0 (conv1d)";
    }

    void errors() {
        QFETCH(int, which);
        QFETCH(QString, fragment);
        LayerSpec block;
        switch (which) {
            case 0:
                block = residual({conv(8)}, "never");
                break;
            case 1:
                block = residual({LayerSpec::of("flatten")});
                break;
            case 2:
                block = residual({LayerSpec::of("upsampling1d")});
                break;
            default:
                block = residual({LayerSpec::of("conv1d", {{"kernel_size", 40}})});
                break;
        }
        const QString e = test::shapeOrError(block, Shape{16, 4});
        QVERIFY2(e.startsWith(QStringLiteral("error: ")) && e.contains(fragment), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("layers[0]")), qPrintable(e));
    }

    void tensorNamesAreUniqueAndPrefixed() {
        Model<double> model(
            {residual({conv(4), LayerSpec::of("batch_norm"), residual({conv(6)}, "auto", "relu")})},
            Shape{10, 3});
        const Layer<double>& block = model.layer(0);
        QCOMPARE(test::tensorProblems(block), QString());
        const QStringList names = test::tensorNames(block);
        const QStringList expected = {
            QStringLiteral("layers[0].kernel"),
            QStringLiteral("layers[0].bias"),
            QStringLiteral("layers[1].gamma"),
            QStringLiteral("layers[1].beta"),
            QStringLiteral("layers[1].moving_mean"),
            QStringLiteral("layers[1].moving_variance"),
            QStringLiteral("layers[2].layers[0].kernel"),
            QStringLiteral("layers[2].layers[0].bias"),
            QStringLiteral("layers[2].projection.kernel"),
            QStringLiteral("layers[2].projection.bias"),
            QStringLiteral("projection.kernel"),
            QStringLiteral("projection.bias"),
        };
        QCOMPARE(names, expected);
        QCOMPARE(block.stateCount(), Index(8));
        QCOMPARE(model.paramCount(), block.paramCount());
        // The projection's kernel is Keras's 1x1 conv kernel (1, in, out).
        const auto t = block.tensors();
        QCOMPARE(t.back().shape, (std::vector<Index>{6}));
        QCOMPARE(t[t.size() - 2].shape, (std::vector<Index>{1, 3, 6}));
    }

    void bindsInnerLayersToTheirSlices() {
        // Two models with the same parameters give the same outputs; changing one value of
        // the projection's slice changes the output (the slices are really bound).
        const std::vector<LayerSpec> specs = {residual({conv(5)})};
        Model<double> model(specs, Shape{6, 2});
        model.init(3);
        Rng rng(5);
        const Mat<double> x = test::randomMatrix(12, 2, rng);
        const Mat<double> before = model.forward(x, false);
        model.params()(model.paramCount() - 1) += 1.0;  // last projection bias
        const Mat<double> after = model.forward(x, false);
        QVERIFY(std::abs((after - before).sum() - 6.0 * 2) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestResidual)
#include "tst_residual.moc"
