// Normalizer: fitted on the training split only, per feature or per channel, JSON round trip.

#include <QtTest>

#include <cmath>

#include "core/data/normalizer.h"
#include "core/data/synthetic.h"
#include "core/util/error.h"

using namespace byom;

class TestNormalizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void standardOnTrainOnly() {
        Dataset data = makeBlobs({400, 3, 0.3, 5});
        data.x.row(1).array() = data.x.row(1).array() * 50.0f + 1000.0f;
        auto [train, val] = splitDataset(data, 0.25, 7);
        const Normalizer n = Normalizer::fit(train, Normalizer::Method::Standard);
        Dataset t = train;
        n.apply(t);
        for (Index f = 0; f < 2; ++f) {
            const double mean = t.x.row(f).cast<double>().mean();
            const double var = (t.x.row(f).cast<double>().array() - mean).square().mean();
            QVERIFY(std::abs(mean) < 1e-4);
            QVERIFY(std::abs(var - 1.0) < 1e-3);
        }
        // The statistics are the training split's, not the whole set's.
        const double trainMean = train.x.row(1).cast<double>().mean();
        QCOMPARE(n.center()[1], trainMean);
        QVERIFY(n.center()[1] != data.x.row(1).cast<double>().mean());
        Dataset v = val;
        n.apply(v);
        QVERIFY(v.x.allFinite());
    }

    void minMaxAndConstantFeature() {
        Dataset d;
        d.inputShape = Shape{2};
        d.x.resize(2, 3);
        d.x << 1, 2, 3,  //
            5, 5, 5;
        const Normalizer n = Normalizer::fit(d, Normalizer::Method::MinMax);
        n.apply(d);
        QCOMPARE(d.x(0, 0), 0.0f);
        QCOMPARE(d.x(0, 2), 1.0f);
        QCOMPARE(d.x(1, 1), 0.0f);  // constant: scale 1, so (5 - 5) / 1
    }

    void perChannelForSignals() {
        // (L=3, C=2) samples, channels-last in each column: channel 0 around 10, channel 1 around
        // -4.
        Dataset d;
        d.inputShape = Shape{3, 2};
        d.x.resize(6, 2);
        for (Index j = 0; j < 2; ++j)
            for (Index l = 0; l < 3; ++l) {
                d.x(l * 2, j) = 10.0f + float(l) - 1.0f + float(j);
                d.x(l * 2 + 1, j) = -4.0f - float(l);
            }
        const Normalizer n = Normalizer::fit(d, Normalizer::Method::Standard);
        QCOMPARE(n.center().size(), std::size_t(2));
        QCOMPARE(n.center()[0], 10.5);
        QCOMPARE(n.center()[1], -5.0);
        QCOMPARE(n.toJson()["axis"], "channel");
    }

    void sameValuesAsPerValueChannels_data() {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("method");
        QTest::newRow("features") << "7"
                                  << "standard";
        QTest::newRow("one channel") << "50,1"
                                     << "minmax";
        QTest::newRow("three channels") << "50,3"
                                        << "standard";
    }

    void sameValuesAsPerValueChannels() {
        // Value i of a sample is in channel i % groups: the normalisation gives each value
        // exactly (x - center) * (1 / scale) of its channel, and invert undoes it the same way.
        QFETCH(QString, shape);
        QFETCH(QString, method);
        Dataset d;
        d.inputShape = Shape::parse(shape.toStdString());
        d.x.resize(d.inputShape.size(), 9);
        Rng rng(4);
        for (Index i = 0; i < d.x.size(); ++i)
            d.x.data()[i] = float(rng.normal() * 3.0 + double(i % 5));
        const Normalizer n = Normalizer::fit(d, Normalizer::parseMethod(method.toStdString()));
        const Index g = Index(n.center().size());
        Mat<float> x = d.x;
        n.apply(x);
        Mat<float> back = x;
        n.invert(back);
        for (Index j = 0; j < x.cols(); ++j)
            for (Index i = 0; i < x.rows(); ++i) {
                const auto k = std::size_t(i % g);
                const float center = float(n.center()[k]);
                const float want = (d.x(i, j) - center) * float(1.0 / n.scale()[k]);
                QCOMPARE(x(i, j), want);
                // Inverting adds the centre back: near zero the sum cancels, so the bound is
                // on the operands' size (a compiler may fuse the multiply-add).
                const float restored = want * float(n.scale()[k]) + center;
                QVERIFY(std::abs(back(i, j) - restored) <=
                        1e-6f * (std::abs(want * float(n.scale()[k])) + std::abs(center)));
            }
    }

    void jsonRoundTrip() {
        const Dataset d = makeSpirals({100, 3, 0.1, 1});
        const Normalizer n = Normalizer::fit(d, Normalizer::Method::Standard);
        const Normalizer back = Normalizer::fromJson(nlohmann::json::parse(n.toJson().dump()));
        QCOMPARE(back.center(), n.center());
        QCOMPARE(back.scale(), n.scale());
        QCOMPARE(back.inputShape(), n.inputShape());
        Mat<float> a = d.x, b = d.x;
        n.apply(a);
        back.apply(b);
        QVERIFY(a == b);
    }

    void badJsonAndShapes() {
        nlohmann::json j =
            Normalizer::fit(makeSpirals({50, 2, 0.1, 1}), Normalizer::Method::MinMax).toJson();
        j["scale"] = {1.0};
        try {
            Normalizer::fromJson(j, "model.json: normalization");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("model.json: normalization.scale: expected 2 numbers"));
        }
        const Normalizer n =
            Normalizer::fit(makeSpirals({50, 2, 0.1, 1}), Normalizer::Method::MinMax);
        Mat<float> wrong(3, 4);
        QVERIFY_THROWS_EXCEPTION(Error, n.apply(wrong));
    }

    void targetsStandardisedAndBack() {
        // Two targets in the hundreds and thousandths: standardised on the training split,
        // invert() gives the values back; per channel for a (L, C) output.
        Dataset train = makeBlobs({300, 2, 0.3, 3});
        train.task = Task::Regression;
        train.y.resize(2, train.size());
        for (Index j = 0; j < train.size(); ++j) {
            train.y(0, j) = 400.0f + 3.0f * float(j % 37);
            train.y(1, j) = 0.001f * float(j % 11);
        }
        const Normalizer t = Normalizer::fitTargets(train, Shape{2});
        Mat<float> y = train.y;
        t.apply(y);
        for (Index k = 0; k < 2; ++k) {
            const double mean = y.row(k).cast<double>().mean();
            const double var = (y.row(k).cast<double>().array() - mean).square().mean();
            QVERIFY(std::abs(mean) < 1e-4);
            QVERIFY(std::abs(var - 1.0) < 1e-3);
        }
        t.invert(y);
        QVERIFY((y - train.y).cwiseAbs().maxCoeff() < 1e-3f);
        const nlohmann::json j = t.toJson();
        QCOMPARE(j["output_shape"], nlohmann::json::array({2}));
        QCOMPARE(j["formula"], nlohmann::json("(y - center) / scale"));
        QVERIFY(!j.contains("input_shape"));
        QCOMPARE(Normalizer::fromTargetJson(j).center(), t.center());
        QVERIFY_THROWS_EXCEPTION(Error, Normalizer::fromJson(j));  // not an input normaliser
        nlohmann::json bad = j;
        bad["scale"][1] = 0;
        try {
            Normalizer::fromTargetJson(bad, "m.json: target_normalization");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(
                std::string(e.what()),
                std::string("m.json: target_normalization.scale[1]: must be finite and non-zero"));
        }
        // (L, C) output: one center and scale per channel.
        train.y.resize(6, train.size());
        for (Index j = 0; j < train.size(); ++j)
            for (Index i = 0; i < 6; ++i) train.y(i, j) = float(i % 2 ? 100 + j % 5 : j % 3);
        const Normalizer c = Normalizer::fitTargets(train, Shape{3, 2});
        QCOMPARE(c.center().size(), std::size_t(2));
        QCOMPARE(c.toJson()["axis"], nlohmann::json("channel"));
    }
};

QTEST_GUILESS_MAIN(TestNormalizer)
#include "tst_normalizer.moc"
