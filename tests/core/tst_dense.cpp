// Gradient checks of the Dense layer (every fused activation) and of softmax cross-entropy;
// the inference product (oneDNN's SGEMM in this build) against a double-precision product.

#include <QtTest>

#include "core/layers/layercatalog.h"
#include "core/train/loss.h"
#include "core/util/sgemm.h"
#include "support/gradcheck.h"

using namespace byom;

class TestDense : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gradients_data() {
        QTest::addColumn<QString>("activation");
        for (const std::string& a : activationNames())
            QTest::newRow(a.c_str()) << QString::fromStdString(a);
    }

    void gradients() {
        QFETCH(QString, activation);
        // A hidden dense with the activation under test, then a linear dense so that the output
        // activation is not split off by the model (the hidden one is checked in place).
        Model<double> model(
            {LayerSpec::of("dense", {{"units", 5}, {"activation", activation.toStdString()}}),
             LayerSpec::of("dense", {{"units", 3}})},
            Shape{4});
        const auto r = test::gradCheck(model, 6, true);
        QVERIFY2(r.maxParamError < 1e-7, qPrintable(QString::number(r.maxParamError)));
        QVERIFY2(r.maxInputError < 1e-7, qPrintable(QString::number(r.maxInputError)));
    }

    /// out = w * x for the shapes dense layers meet (a column below and above the threshold,
    /// one row, one input, a block of a bigger matrix), each output within float rounding of
    /// the product in double: |error| <= 1e-6 * sum |w| |x| over its terms.
    void inferenceProduct_data() {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::newRow("mlp-small first layer") << 128 << 784 << 256;
        QTest::newRow("one sample") << 64 << 128 << 1;
        QTest::newRow("just under the threshold") << 10 << 64 << int(Sgemm::kMinColumns - 1);
        QTest::newRow("at the threshold") << 10 << 64 << int(Sgemm::kMinColumns);
        QTest::newRow("one output") << 1 << 33 << 300;
        QTest::newRow("one input") << 17 << 1 << 40;
    }

    void inferenceProduct() {
        QFETCH(int, m);
        QFETCH(int, k);
        QFETCH(int, n);
        Rng rng(11);
        // w and x as blocks of bigger matrices: strides other than their row counts.
        const Mat<float> wBig = test::randomMatrix(m + 3, k, rng).cast<float>();
        const Mat<float> xBig = test::randomMatrix(k + 5, n, rng).cast<float>();
        const auto w = wBig.topRows(m);
        const auto x = xBig.bottomRows(k);
        Mat<float> out;
        Sgemm::product(w, x, out);
        QCOMPARE(out.rows(), Index(m));
        QCOMPARE(out.cols(), Index(n));
        const Mat<double> exact = w.cast<double>() * x.cast<double>();
        const Mat<double> bound = w.cast<double>().cwiseAbs() * x.cast<double>().cwiseAbs();
        for (Index i = 0; i < out.size(); ++i)
            QVERIFY2(std::abs(out.data()[i] - exact.data()[i]) <= 1e-6 * bound.data()[i] + 1e-30,
                     qPrintable(QStringLiteral("output %1: %2 against %3")
                                    .arg(i)
                                    .arg(out.data()[i])
                                    .arg(exact.data()[i])));
    }

    void outputActivationIsSplitOff() {
        Model<double> model({LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}})},
                            Shape{4});
        QCOMPARE(model.outputActivation(), Act::Softmax);
        const auto r = test::gradCheck(model, 5, true);
        QVERIFY(r.maxParamError < 1e-7);
        QVERIFY(r.maxInputError < 1e-7);
        // The output really is a distribution per column.
        Rng rng(3);
        const Mat<double> x = test::randomMatrix(4, 5, rng);
        const Mat<double>& out = model.forward(x, false);
        for (Index j = 0; j < out.cols(); ++j) QVERIFY(std::abs(out.col(j).sum() - 1.0) < 1e-12);
    }

    void noBias() {
        Model<double> model({LayerSpec::of("dense", {{"units", 3}, {"use_bias", false}})},
                            Shape{4});
        QCOMPARE(model.paramCount(), Index(12));
        QVERIFY(test::gradCheck(model, 3, true).maxParamError < 1e-7);
    }

    void softmaxCrossEntropyGradient() {
        Rng rng(11);
        const Index k = 4, n = 6;
        const Mat<double> logits = test::randomMatrix(k, n, rng, 2.0);
        Mat<double> target = Mat<double>::Zero(k, n);
        for (Index j = 0; j < n; ++j) target(static_cast<Index>(rng.below(k)), j) = 1.0;
        auto loss = makeLoss<double>("categorical_crossentropy");
        Mat<double> probs;
        activationForward(Act::Softmax, logits, probs, k);
        Mat<double> grad;
        const double value = loss->compute(logits, probs, Act::Softmax, target, grad);
        // Value: mean of -log p[label].
        double expected = 0.0;
        for (Index j = 0; j < n; ++j) {
            Index label = 0;
            target.col(j).maxCoeff(&label);
            expected -= std::log(probs(label, j));
        }
        QVERIFY(std::abs(value - expected / n) < 1e-12);
        Mat<double> scratch;
        const double h = 1e-6;
        for (Index i = 0; i < logits.size(); ++i) {
            Mat<double> up = logits, down = logits;
            up.data()[i] += h;
            down.data()[i] -= h;
            const double numeric = (loss->compute(up, probs, Act::Softmax, target, scratch) -
                                    loss->compute(down, probs, Act::Softmax, target, scratch)) /
                                   (2 * h);
            QVERIFY2(std::abs(numeric - grad.data()[i]) < 1e-8,
                     qPrintable(QStringLiteral("%1 vs %2").arg(numeric).arg(grad.data()[i])));
        }
    }

    void mseGradientThroughActivation() {
        Rng rng(5);
        const Mat<double> logits = test::randomMatrix(2, 5, rng);
        const Mat<double> target = test::randomMatrix(2, 5, rng);
        auto loss = makeLoss<double>("mse");
        auto value = [&](const Mat<double>& z, Mat<double>& g) {
            Mat<double> out;
            activationForward(Act::Tanh, z, out, 2);
            return loss->compute(z, out, Act::Tanh, target, g);
        };
        Mat<double> grad, scratch;
        value(logits, grad);
        for (Index i = 0; i < logits.size(); ++i) {
            Mat<double> up = logits, down = logits;
            up.data()[i] += 1e-6;
            down.data()[i] -= 1e-6;
            const double numeric = (value(up, scratch) - value(down, scratch)) / 2e-6;
            QVERIFY(std::abs(numeric - grad.data()[i]) < 1e-8);
        }
    }

    void refusesFeatureMaps() {
        QVERIFY_THROWS_EXCEPTION(
            ValidationError, Model<float>({LayerSpec::of("dense", {{"units", 3}})}, Shape{10, 2}));
    }
};

QTEST_GUILESS_MAIN(TestDense)
#include "tst_dense.moc"
