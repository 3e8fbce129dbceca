// Dropout: the share of values dropped, the scaling of the kept ones, the identity at
// inference, and a gradient that goes through the same mask as the forward pass.

#include <QtTest>
#include <cmath>

#include "core/layers/layercatalog.h"
#include "support/gradcheck.h"

using namespace byom;

namespace {

std::unique_ptr<Layer<double>> dropout(double rate, const Shape& in) {
    return LayerCatalog::instance().get("dropout").make<double>(
        LayerSpec::of("dropout", {{"rate", rate}}), in);
}

}  // namespace

class TestDropout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dropsTheRateAndScalesTheRest_data() {
        QTest::addColumn<double>("rate");
        for (double rate : {0.1, 0.25, 0.5, 0.9})
            QTest::newRow(qPrintable(QString::number(rate))) << rate;
    }

    void dropsTheRateAndScalesTheRest() {
        QFETCH(double, rate);
        // 200,000 values with a fixed seed: the dropped share is within 0.005 of the rate
        // (about 8 standard deviations at rate 0.5, where the spread is largest).
        auto layer = dropout(rate, Shape{500});
        Rng seed(42);
        layer->initParams(seed);
        Rng rng(1);
        const Mat<double> x = test::randomMatrix(500, 400, rng);
        Mat<double> y;
        layer->forward(x, y, true);
        QCOMPARE(y.rows(), x.rows());
        QCOMPARE(y.cols(), x.cols());
        Index dropped = 0;
        double worst = 0.0;
        for (Index i = 0; i < x.size(); ++i) {
            if (y.data()[i] == 0.0) {
                ++dropped;
                continue;
            }
            // Kept values are scaled by 1 / (1 - rate), so the expected sum is unchanged.
            const double want = x.data()[i] / (1.0 - rate);
            worst = std::max(worst, std::abs(y.data()[i] - want) / std::abs(want));
        }
        const double share = double(dropped) / double(x.size());
        QVERIFY2(
            std::abs(share - rate) < 0.005,
            qPrintable(QStringLiteral("dropped %1 of the values, rate %2").arg(share).arg(rate)));
        QVERIFY2(worst < 1e-15, qPrintable(QString::number(worst)));
    }

    void masksDifferBetweenBatchesAndAreSeeded() {
        auto run = [](std::uint64_t seed) {
            auto layer = dropout(0.5, Shape{64});
            Rng rng(seed);
            layer->initParams(rng);
            const Mat<double> x = Mat<double>::Ones(64, 8);
            Mat<double> first, second;
            layer->forward(x, first, true);
            layer->forward(x, second, true);
            return std::pair{first, second};
        };
        const auto [a1, a2] = run(3);
        const auto [b1, b2] = run(3);
        QVERIFY(a1 == b1 && a2 == b2);  // the same seed drops the same values
        QVERIFY(a1 != a2);              // each batch draws a new mask
        QVERIFY(run(4).first != a1);
    }

    void identityAtInference() {
        for (double rate : {0.0, 0.5, 0.99}) {
            auto layer = dropout(rate, Shape{6, 3});
            Rng seed(5);
            layer->initParams(seed);
            Rng rng(2);
            const Mat<double> x = test::randomMatrix(18, 7, rng);
            Mat<double> y;
            layer->forward(x, y, false);
            QVERIFY(y == x);
            Mat<double> g = test::randomMatrix(18, 7, rng);
            Mat<double> gx;
            layer->backward(x, y, g, gx);
            QVERIFY(gx == g);
        }
        // Rate 0 keeps everything while training too.
        auto none = dropout(0.0, Shape{4});
        Rng rng(2);
        const Mat<double> x = test::randomMatrix(4, 9, rng);
        Mat<double> y;
        none->forward(x, y, true);
        QVERIFY(y == x);
    }

    void gradientUsesTheForwardMask() {
        // dense -> dropout -> dense, training. The mask is held fixed for the finite
        // differences by re-seeding the model before every forward pass (init draws the same
        // mask seed each time; the perturbed weights are put back after it), so the numeric
        // gradient is that of the function the analytic one differentiates.
        Model<double> model(
            {LayerSpec::of("dense", {{"units", 12}, {"activation", "tanh"}}),
             LayerSpec::of("dropout", {{"rate", 0.4}}), LayerSpec::of("dense", {{"units", 3}})},
            Shape{5});
        model.setComputeInputGrad(true);
        const std::uint64_t seed = 9;
        model.init(seed);
        Rng rng(17);
        for (Index i = 0; i < model.paramCount(); ++i) model.params()(i) += 0.1 * rng.normal();
        Mat<double> x = test::randomMatrix(5, 6, rng);
        const Mat<double> g = test::randomMatrix(3, 6, rng);
        auto forward = [&]() -> const Mat<double>& {
            const Vec<double> keep = model.params();
            model.init(seed);
            model.params() = keep;
            return model.forward(x, true);
        };
        auto loss = [&] { return (forward().array() * g.array()).sum(); };

        forward();
        model.backwardFromOutput(g);
        const Vec<double> analytic = model.grads();
        const Mat<double> analyticInput = model.inputGrad();
        // The mask is really there: the output differs from inference's.
        const Mat<double> trained = forward();
        QVERIFY(!trained.isApprox(model.forward(x, false), 1e-6));

        const double paramError = test::centralDifferenceError(
            model.params().data(), model.paramCount(), analytic.data(), loss, 1e-6);
        const double inputError =
            test::centralDifferenceError(x.data(), x.size(), analyticInput.data(), loss, 1e-6);
        const double worst = std::max(paramError, inputError);
        QVERIFY2(worst < 1e-7, qPrintable(QString::number(worst)));
    }
};

QTEST_GUILESS_MAIN(TestDropout)
#include "tst_dropout.moc"
