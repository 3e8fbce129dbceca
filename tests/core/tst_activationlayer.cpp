// The Activation layer on its own: its backward pass for every function (a model folds a last
// Activation into its output, so only a layer checked by itself runs its own backward), and
// the alpha of leaky_relu and elu in both directions.

#include <QtTest>
#include <algorithm>
#include <cmath>

#include "core/layers/layercatalog.h"
#include "support/gradcheck.h"

using namespace byom;

namespace {

std::unique_ptr<Layer<double>> activation(const std::string& name, const json& alpha,
                                          const Shape& in) {
    return LayerCatalog::instance()
        .get("activation")
        .make<double>(LayerSpec::of("activation", {{"activation", name}, {"alpha", alpha}}), in);
}

/// Inputs spread over [-8, 8] (past relu6's 6 and the hard functions' +-3), kept 1e-3 away
/// from the kinks so that central differences see one side only.
Mat<double> inputs(Index rows, Index cols, Rng& rng) {
    Mat<double> x = test::randomMatrix(rows, cols, rng, 3.0);
    for (Index i = 0; i < x.size(); ++i) {
        double& v = x.data()[i];
        v = std::clamp(v, -8.0, 8.0);
        for (double kink : {-3.0, 0.0, 3.0, 6.0})
            if (std::abs(v - kink) < 1e-3) v = kink + 2e-3;
    }
    return x;
}

}  // namespace

class TestActivationLayer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ownBackward_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("alpha");  // NaN: null, the function's default
        for (const std::string& a : activationNames())
            for (double alpha : {double(NAN), 0.05, 0.7, 2.5})
                QTest::newRow(qPrintable(QString::fromStdString(a) + QStringLiteral(" alpha ") +
                                         QString::number(alpha)))
                    << QString::fromStdString(a) << alpha;
    }

    void ownBackward() {
        QFETCH(QString, name);
        QFETCH(double, alpha);
        // (length 5, channels 4): softmax normalises over the 4 channels of each position.
        const Shape shape{5, 4};
        auto layer =
            activation(name.toStdString(), std::isnan(alpha) ? json(nullptr) : json(alpha), shape);
        Rng rng(23);
        const Mat<double> x = inputs(20, 7, rng);
        const Mat<double> g = test::randomMatrix(20, 7, rng);
        for (bool training : {true, false}) {
            const double error = test::layerInputGradError(*layer, x, g, training);
            QVERIFY2(error < 1e-7, qPrintable(QString::number(error)));
        }
    }

    void alphaSetsTheSlopeAndScale_data() {
        QTest::addColumn<double>("alpha");  // NaN: null
        QTest::newRow("default") << double(NAN);
        QTest::newRow("0.05") << 0.05;
        QTest::newRow("0.7") << 0.7;
        QTest::newRow("2.5") << 2.5;
    }

    void alphaSetsTheSlopeAndScale() {
        QFETCH(double, alpha);
        const json a = std::isnan(alpha) ? json(nullptr) : json(alpha);
        const double leaky = std::isnan(alpha) ? 0.2 : alpha;  // Keras's defaults
        const double elu = std::isnan(alpha) ? 1.0 : alpha;
        auto leakyLayer = activation("leaky_relu", a, Shape{4});
        auto eluLayer = activation("elu", a, Shape{4});
        Mat<double> x(4, 2);
        x << -2.0, 1.5, -0.25, 3.0, 0.5, -1.0, 4.0, -6.0;
        Mat<double> y, gx;
        const Mat<double> g = Mat<double>::Ones(4, 2);
        leakyLayer->forward(x, y, true);
        leakyLayer->backward(x, y, g, gx);
        for (Index i = 0; i < x.size(); ++i) {
            const double v = x.data()[i];
            QCOMPARE(y.data()[i], v < 0 ? leaky * v : v);
            QCOMPARE(gx.data()[i], v < 0 ? leaky : 1.0);
        }
        eluLayer->forward(x, y, true);
        eluLayer->backward(x, y, g, gx);
        for (Index i = 0; i < x.size(); ++i) {
            const double v = x.data()[i];
            QVERIFY(std::abs(y.data()[i] - (v < 0 ? elu * std::expm1(v) : v)) < 1e-14);
            QVERIFY(std::abs(gx.data()[i] - (v < 0 ? elu * std::exp(v) : 1.0)) < 1e-14);
        }
    }

    void alphaLeavesOtherFunctionsAlone() {
        Rng rng(5);
        const Mat<double> x = inputs(8, 3, rng);
        for (const std::string& name : activationNames()) {
            if (name == "leaky_relu" || name == "elu") continue;
            Mat<double> plain, withAlpha;
            activation(name, nullptr, Shape{8})->forward(x, plain, true);
            activation(name, 2.5, Shape{8})->forward(x, withAlpha, true);
            QVERIFY2(plain == withAlpha, name.c_str());
        }
    }

    void notFoldedWhenFollowed() {
        // Followed by another layer, the Activation stays in the model and its own backward
        // runs there too.
        for (const char* name : {"leaky_relu", "elu", "softmax"}) {
            Model<double> model(
                {LayerSpec::of("activation", {{"activation", name}, {"alpha", 0.3}}),
                 LayerSpec::of("flatten")},
                Shape{6, 3});
            QCOMPARE(model.outputActivation(), Act::Linear);
            const auto r = test::gradCheck(model, 4, true);
            QVERIFY2(r.maxInputError < 1e-7, qPrintable(QString::number(r.maxInputError)));
        }
    }
};

QTEST_GUILESS_MAIN(TestActivationLayer)
#include "tst_activationlayer.moc"
