// Flatten: (length, channels) -> (length * channels) in the column's own order, and its
// gradient on its own, as the first layer of a model, and between a convolution and a dense.

#include <QtTest>

#include "core/layers/layercatalog.h"
#include "support/layercheck.h"

using namespace byom;

class TestFlatten : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shapesAndValues() {
        QCOMPARE(test::shapeOrError(LayerSpec::of("flatten"), Shape{6, 3}),
                 QStringLiteral("(18,)"));
        QCOMPARE(test::shapeOrError(LayerSpec::of("flatten"), Shape{5}), QStringLiteral("(5,)"));
        auto layer = LayerCatalog::instance().get("flatten").make<double>(LayerSpec::of("flatten"),
                                                                          Shape{4, 3});
        Rng rng(1);
        const Mat<double> x = test::randomMatrix(12, 5, rng);
        Mat<double> y;
        layer->forward(x, y, true);
        QVERIFY(y == x);  // a sample's column is already (length, channels) in row-major order
    }

    void gradientOnItsOwn() {
        auto layer = LayerCatalog::instance().get("flatten").make<double>(LayerSpec::of("flatten"),
                                                                          Shape{4, 3});
        Rng rng(2);
        const Mat<double> x = test::randomMatrix(12, 5, rng);
        const Mat<double> g = test::randomMatrix(12, 5, rng);
        const double error = test::layerInputGradError(*layer, x, g, true);
        QVERIFY2(error < 1e-7, qPrintable(QString::number(error)));
    }

    void gradientsInAModel() {
        // First layer: the input gradient goes through Flatten alone.
        BYOM_CHECK_GRADS((std::vector<LayerSpec>{LayerSpec::of("flatten"),
                                                 LayerSpec::of("dense", {{"units", 3}})}),
                         (Shape{5, 2}), 4, true);
        // Between a convolution and a dense: the convolution's weights get their gradient
        // through it.
        BYOM_CHECK_GRADS(
            (std::vector<LayerSpec>{
                LayerSpec::of("conv1d",
                              {{"filters", 3}, {"kernel_size", 3}, {"activation", "tanh"}}),
                LayerSpec::of("flatten"), LayerSpec::of("dense", {{"units", 4}})}),
            (Shape{7, 2}), 3, true);
    }
};

QTEST_GUILESS_MAIN(TestFlatten)
#include "tst_flatten.moc"
