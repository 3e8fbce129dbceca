// Every loss: gradient w.r.t. the logits by central differences (double), with and without
// sample weights, with each output activation it accepts (fused softmax/sigmoid, linear, or an
// activation chained through); values against hand-worked cases; output checks; reductions.

#include <QtTest>
#include <functional>

#include "core/train/loss.h"
#include "core/util/error.h"
#include "support/gradcheck.h"

using namespace byom;

namespace {

/// Targets suited to the loss: one-hot columns for the softmax losses, values in [0, 1] for
/// binary cross-entropy, any values for the regression losses.
Mat<double> targetsFor(const std::string& loss, Index k, Index n, Rng& rng) {
    Mat<double> t = Mat<double>::Zero(k, n);
    if (loss.find("categorical") != std::string::npos) {
        for (Index j = 0; j < n; ++j) t(static_cast<Index>(rng.below(k)), j) = 1.0;
    } else if (loss == "binary_crossentropy") {
        for (Index i = 0; i < t.size(); ++i) t.data()[i] = rng.uniform();
    } else {
        t = test::randomMatrix(k, n, rng);
    }
    return t;
}

/// The largest relative difference between `grad` and the central differences (h = 1e-6) of
/// `loss` at z, element by element.
double worstGradientError(const Mat<double>& z, const Mat<double>& grad,
                          const std::function<double(const Mat<double>&)>& loss) {
    const double h = 1e-6;
    double worst = 0.0;
    for (Index i = 0; i < z.size(); ++i) {
        Mat<double> up = z, down = z;
        up.data()[i] += h;
        down.data()[i] -= h;
        const double numeric = (loss(up) - loss(down)) / (2 * h);
        worst =
            std::max(worst, std::abs(numeric - grad.data()[i]) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

double lossAt(Loss<double>& loss, Act act, const Mat<double>& z, const Mat<double>& t,
              const Vec<double>* w, Mat<double>& grad) {
    Mat<double> out;
    activationForward(act, z, out, z.rows());
    return loss.compute(z, out, act, t, grad, w);
}

}  // namespace

class TestLosses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<QString>("activation");
        QTest::addColumn<bool>("weighted");
        const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
            {"categorical_crossentropy", {"softmax", "linear"}},
            {"sparse_categorical_crossentropy", {"softmax"}},
            {"categorical_focal_crossentropy", {"softmax", "linear"}},
            {"binary_crossentropy", {"sigmoid", "linear"}},
            {"mse", {"linear", "sigmoid", "softmax"}},
            {"mae", {"linear", "sigmoid", "softmax"}},
            {"huber", {"linear", "sigmoid", "softmax"}},
        };
        for (const auto& [loss, acts] : cases)
            for (const std::string& act : acts)
                for (bool weighted : {false, true}) {
                    const std::string row =
                        loss + "/" + act + (weighted ? "/weighted" : "/unweighted");
                    QTest::newRow(row.c_str())
                        << QString::fromStdString(loss) << QString::fromStdString(act) << weighted;
                }
    }

    void gradients() {
        QFETCH(QString, loss);
        QFETCH(QString, activation);
        QFETCH(bool, weighted);
        const std::string name = loss.toStdString();
        const Act act = parseActivation(activation.toStdString());
        Rng rng(17);
        const Index k = 4, n = 7;
        // Scale 2 spreads the logits so that Huber sees both branches and MAE no kinks nearby.
        const Mat<double> z = test::randomMatrix(k, n, rng, 2.0);
        const Mat<double> t = targetsFor(name, k, n, rng);
        Vec<double> w(n);
        for (Index j = 0; j < n; ++j) w(j) = 0.25 + 2.0 * rng.uniform();
        w(2) = 0.0;  // a zero weight drops the sample but still counts in the batch
        const Vec<double>* wp = weighted ? &w : nullptr;
        auto fn = makeLoss<double>(name);
        fn->checkOutput(act, k);
        Mat<double> grad, scratch;
        const double value = lossAt(*fn, act, z, t, wp, grad);
        QVERIFY(std::isfinite(value));
        QCOMPARE(grad.rows(), k);
        QCOMPARE(grad.cols(), n);
        const double worst = worstGradientError(
            z, grad, [&](const Mat<double>& at) { return lossAt(*fn, act, at, t, wp, scratch); });
        QVERIFY2(worst < 1e-8, qPrintable(QString::number(worst)));
        if (weighted) QVERIFY(grad.col(2).isZero());
    }

    void perTimeStepGradients_data() {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<QString>("activation");
        QTest::addColumn<QString>("weights");
        for (const char* loss : {"categorical_crossentropy", "sparse_categorical_crossentropy",
                                 "categorical_focal_crossentropy"})
            for (const char* act : {"softmax", "linear"})
                for (const char* weights : {"none", "per-sample", "per-step"}) {
                    const std::string row = std::string(loss) + "/" + act + "/" + weights;
                    QTest::newRow(row.c_str()) << loss << act << weights;
                }
    }

    void perTimeStepGradients() {
        // A (T, K) output: each of the T steps' K logits is one distribution (the softmax runs
        // per step, as the model applies it), the loss their mean over steps and samples.
        // Weights: one per sample, or one per time step (class weights of targets per step).
        QFETCH(QString, loss);
        QFETCH(QString, activation);
        QFETCH(QString, weights);
        const Act act = parseActivation(activation.toStdString());
        Rng rng(23);
        const Index steps = 5, k = 3, n = 4;
        const Mat<double> z = test::randomMatrix(steps * k, n, rng, 2.0);
        Mat<double> t = Mat<double>::Zero(steps * k, n);
        for (Index j = 0; j < n; ++j)
            for (Index s = 0; s < steps; ++s) t(s * k + static_cast<Index>(rng.below(k)), j) = 1.0;
        const bool perStep = weights == QStringLiteral("per-step");
        Vec<double> w(perStep ? n * steps : n);
        for (Index i = 0; i < w.size(); ++i) w(i) = 0.5 + rng.uniform();
        const Vec<double>* wp = weights == QStringLiteral("none") ? nullptr : &w;
        auto fn = makeLoss<double>(loss.toStdString());
        fn->setOutput(act, Shape{steps, k});
        QCOMPARE(fn->steps(), steps);
        auto at = [&](const Mat<double>& logits, Mat<double>& grad) {
            Mat<double> out;
            activationForward(act, logits, out, k);
            return fn->compute(logits, out, act, t, grad, wp);
        };
        Mat<double> grad, scratch;
        const double value = at(z, grad);
        // The same as scoring every step as a sample of its own, each with its step's weight
        // (a sample's weight repeated over its steps).
        auto flat = makeLoss<double>(loss.toStdString());
        const Eigen::Map<const Mat<double>> zs(z.data(), k, steps * n), ts(t.data(), k, steps * n);
        Vec<double> ws(steps * n);
        for (Index i = 0; i < steps * n; ++i) ws(i) = perStep ? w(i) : w(i / steps);
        Mat<double> zFlat = zs, out, flatGrad;
        activationForward(act, zFlat, out, k);
        const double reference =
            flat->compute(zFlat, out, act, Mat<double>(ts), flatGrad, wp ? &ws : nullptr);
        QVERIFY2(std::abs(value - reference) < 1e-12,
                 qPrintable(QString::number(value - reference)));
        const double worst = worstGradientError(
            z, grad, [&](const Mat<double>& logits) { return at(logits, scratch); });
        QVERIFY2(worst < 1e-8, qPrintable(QString::number(worst)));
        // Weights of neither a sample nor a time step each are refused.
        const Vec<double> wrong = Vec<double>::Ones(n * steps + 1);
        QVERIFY_THROWS_EXCEPTION(Error, fn->compute(z, z, act, t, scratch, &wrong));
        // A softmax loss needs at least 2 classes per step, not 2 outputs in all.
        QVERIFY_THROWS_EXCEPTION(Error, fn->setOutput(Act::Softmax, Shape{steps, 1}));
    }

    void stepWeightsScaleTheirStepsOnly() {
        // A zero weight on one time step removes that step's loss and gradient alone.
        auto fn = makeLoss<double>("categorical_crossentropy");
        const Index steps = 3, k = 2, n = 2;
        fn->setOutput(Act::Softmax, Shape{steps, k});
        Rng rng(5);
        const Mat<double> z = test::randomMatrix(steps * k, n, rng, 2.0);
        Mat<double> t = Mat<double>::Zero(steps * k, n);
        for (Index j = 0; j < n; ++j)
            for (Index s = 0; s < steps; ++s) t(s * k + (s + j) % k, j) = 1.0;
        Vec<double> w = Vec<double>::Ones(n * steps);
        w(1 * steps + 2) = 0.0;  // sample 1, step 2
        Mat<double> grad, unweighted;
        const double weighted = fn->compute(z, z, Act::Softmax, t, grad, &w);
        const double all = fn->compute(z, z, Act::Softmax, t, unweighted, nullptr);
        QVERIFY(grad.col(1).segment(2 * k, k).isZero());
        QVERIFY(grad.col(1).head(2 * k).isApprox(unweighted.col(1).head(2 * k)));
        QVERIFY(grad.col(0).isApprox(unweighted.col(0)));
        QVERIFY(weighted < all);
    }

    void weightsScaleTheMeanOverTheBatch() {
        // sum_over_batch_size: (1/B) sum_j w_j l_j, so weights of 2 double the loss and
        // weights (1, 0) halve a two-sample batch whose samples have equal losses.
        for (const std::string& name : lossNames()) {
            auto fn = makeLoss<double>(name);
            Mat<double> z(3, 2), t = Mat<double>::Zero(3, 2), g;
            z << 0.3, 0.3, -1.0, -1.0, 0.5, 0.5;
            t(2, 0) = t(2, 1) = 1.0;
            const double plain = fn->compute(z, z, Act::Linear, t, g);
            Vec<double> two = Vec<double>::Constant(2, 2.0);
            QVERIFY(std::abs(fn->compute(z, z, Act::Linear, t, g, &two) - 2 * plain) < 1e-12);
            Vec<double> half(2);
            half << 1.0, 0.0;
            QVERIFY(std::abs(fn->compute(z, z, Act::Linear, t, g, &half) - plain / 2) < 1e-12);
            Vec<double> wrong(3);
            QVERIFY_EXCEPTION_THROWN(fn->compute(z, z, Act::Linear, t, g, &wrong), std::exception);
        }
    }

    void focalMatchesKerasExample() {
        // Keras's documented example: y_true (0,1,0), (0,0,1); y_pred (0.05,0.9,0.05),
        // (0.1,0.85,0.05) -> per sample 2.6340148e-04 and 6.7591208e-01:
        //   0.25 (1 - 0.9)^2 (-log 0.9) = 0.25 * 0.01 * 0.1053605 = 2.634013e-4
        //   0.25 (1 - 0.05)^2 (-log 0.05) = 0.25 * 0.9025 * 2.9957323 = 0.6759121
        // Logits log(p) reproduce p through the fused softmax.
        Mat<double> p(3, 2), t = Mat<double>::Zero(3, 2), g;
        p << 0.05, 0.1, 0.9, 0.85, 0.05, 0.05;
        t(1, 0) = t(2, 1) = 1.0;
        const Mat<double> z = p.array().log().matrix();
        auto fn = makeLoss<double>("categorical_focal_crossentropy");
        const double value = fn->compute(z, p, Act::Softmax, t, g);
        QVERIFY2(std::abs(value - (2.6340148e-04 + 6.7591208e-01) / 2) < 1e-7,
                 qPrintable(QString::number(value, 'g', 10)));
        // gamma 0 and alpha 1 would be plain cross-entropy; with the defaults the easy sample
        // (p = 0.9) is scaled down far more than the hard one.
        Vec<double> first(2), second(2);
        first << 1, 0;
        second << 0, 1;
        QVERIFY(fn->compute(z, p, Act::Softmax, t, g, &first) <
                fn->compute(z, p, Act::Softmax, t, g, &second) / 100);
    }

    void binaryCrossentropyValue() {
        // z = 0, t = 1: log 2. z = 2, t = 0: 2 + log(1 + e^-2) = 2.126928. z = -30, t = 1: 30
        // (exact from logits, no clipping). Mean over the 3 outputs of one sample.
        Mat<double> z(3, 1), t(3, 1), g;
        z << 0.0, 2.0, -30.0;
        t << 1.0, 0.0, 1.0;
        auto fn = makeLoss<double>("binary_crossentropy");
        const double expected = (std::log(2.0) + 2.0 + std::log1p(std::exp(-2.0)) + 30.0 +
                                 std::log1p(std::exp(-30.0))) /
                                3;
        QVERIFY(std::abs(fn->compute(z, z, Act::Sigmoid, t, g) - expected) < 1e-12);
        // Gradient: (sigmoid(z) - t) / 3.
        QVERIFY(std::abs(g(0) - (0.5 - 1.0) / 3) < 1e-12);
    }

    void regressionValues() {
        // d = o - t = (0.5, -3): mse (0.25 + 9)/2 = 4.625; mae 3.5/2 = 1.75;
        // huber (0.125 + (3 - 0.5))/2 = 1.3125.
        Mat<double> o(2, 1), t = Mat<double>::Zero(2, 1), g;
        o << 0.5, -3.0;
        QCOMPARE(makeLoss<double>("mse")->compute(o, o, Act::Linear, t, g), 4.625);
        QCOMPARE(makeLoss<double>("mae")->compute(o, o, Act::Linear, t, g), 1.75);
        QCOMPARE(g(1), -0.5);
        QCOMPARE(makeLoss<double>("huber")->compute(o, o, Act::Linear, t, g), 1.3125);
        QCOMPARE(g(0), 0.25);  // d / (B k)
        QCOMPARE(g(1), -0.5);  // -delta / (B k)
        QCOMPARE(makeLoss<double>("mean_absolute_error")->name(), std::string("mae"));
    }

    void fusedThroughAModel() {
        // A whole model with a softmax (or sigmoid) output: the loss's dL/dlogits fed to
        // Model::backward gives the parameter gradients of loss(model(x)).
        for (const auto& [name, act] : std::vector<std::pair<std::string, std::string>>{
                 {"categorical_focal_crossentropy", "softmax"},
                 {"categorical_crossentropy", "softmax"},
                 {"binary_crossentropy", "sigmoid"}}) {
            Model<double> model({LayerSpec::of("dense", {{"units", 5}, {"activation", "tanh"}}),
                                 LayerSpec::of("dense", {{"units", 3}, {"activation", act}})},
                                Shape{4});
            model.init(3);
            Rng rng(9);
            const Mat<double> x = test::randomMatrix(4, 6, rng);
            const Mat<double> t = targetsFor(name, 3, 6, rng);
            Vec<double> w(6);
            for (Index j = 0; j < 6; ++j) w(j) = 0.5 + rng.uniform();
            auto fn = makeLoss<double>(name);
            fn->checkOutput(model.outputActivation(), 3);
            Mat<double> g, scratch;
            auto value = [&](Mat<double>& grad) {
                const Mat<double>& out = model.forward(x, true);
                return fn->compute(model.logits(), out, model.outputActivation(), t, grad, &w);
            };
            value(g);
            model.backward(g);
            const Vec<double> analytic = model.grads();
            double worst = 0.0;
            for (Index i = 0; i < model.params().size(); ++i) {
                const double keep = model.params()(i);
                model.params()(i) = keep + 1e-6;
                const double up = value(scratch);
                model.params()(i) = keep - 1e-6;
                const double down = value(scratch);
                model.params()(i) = keep;
                worst = std::max(worst, std::abs((up - down) / 2e-6 - analytic(i)));
            }
            QVERIFY2(worst < 1e-8, qPrintable(QString::fromStdString(name) + QStringLiteral(": ") +
                                              QString::number(worst)));
        }
    }

    void outputChecks() {
        QVERIFY_EXCEPTION_THROWN(
            makeLoss<float>("categorical_focal_crossentropy")->checkOutput(Act::Sigmoid, 3),
            std::exception);
        QVERIFY_EXCEPTION_THROWN(
            makeLoss<float>("binary_crossentropy")->checkOutput(Act::Softmax, 3), std::exception);
        QVERIFY_EXCEPTION_THROWN(
            makeLoss<float>("categorical_crossentropy")->checkOutput(Act::Softmax, 1),
            std::exception);
        makeLoss<float>("binary_crossentropy")->checkOutput(Act::Sigmoid, 1);
        makeLoss<float>("huber")->checkOutput(Act::Tanh, 1);
        QVERIFY(!makeLoss<float>("huber")->classification());
        QVERIFY(makeLoss<float>("binary_crossentropy")->classification());
    }

    void namesAndErrors() {
        for (const std::string& name : lossNames()) QCOMPARE(makeLoss<float>(name)->name(), name);
        try {
            makeLoss<float>("categorical_focal");
            QFAIL("no error");
        } catch (const std::exception& e) {
            QVERIFY(std::string(e.what()).find("categorical_focal_crossentropy") !=
                    std::string::npos);
        }
    }

    void largeLogitsStayFinite() {
        // Fused losses work from the logits: extreme values give finite losses and gradients.
        Mat<float> z(3, 1), t = Mat<float>::Zero(3, 1), g;
        z << 200.0f, -200.0f, 0.0f;
        t(1) = 1.0f;
        for (const char* name : {"categorical_crossentropy", "categorical_focal_crossentropy",
                                 "binary_crossentropy"}) {
            const float v = makeLoss<float>(name)->compute(z, z, Act::Linear, t, g);
            QVERIFY2(std::isfinite(v) && g.allFinite(), name);
        }
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "tst_losses.moc"
