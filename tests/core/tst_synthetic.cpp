// Synthetic generators: shapes, classes, balance and determinism per seed.

#include <QtTest>
#include <cmath>

#include "core/data/ecgrhythm.h"
#include "core/data/synthetic.h"
#include "core/util/error.h"

using namespace byom;

class TestSynthetic : public QObject {
    Q_OBJECT

    /// n frames of 256 samples of an ECG sequence set, checked to be (256, 1) in and
    /// (256, channels) out for `task`.
    static Dataset ecgFrames(const char* name, Index n, double noise, Task task, Index channels) {
        SyntheticOptions opt;
        opt.n = n;
        opt.length = 256;
        opt.noise = noise;
        Dataset d = makeSynthetic(name, opt);
        if (d.task != task || d.inputShape != Shape{256, 1} ||
            d.targetShape != Shape{256, channels})
            qFatal("%s: unexpected task or shapes", name);
        return d;
    }

private Q_SLOTS:
    void shapesAndClasses_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("expectedClasses");
        QTest::addColumn<QString>("shape");
        QTest::newRow("spirals") << "spirals" << 3 << 3 << "(2,)";
        QTest::newRow("moons") << "moons" << 3 << 2 << "(2,)";
        QTest::newRow("circles") << "circles" << 3 << 2 << "(2,)";
        QTest::newRow("xor") << "xor" << 3 << 2 << "(2,)";
        QTest::newRow("blobs") << "blobs" << 5 << 5 << "(2,)";
        QTest::newRow("sine") << "sine" << 3 << 0 << "(1,)";
        QTest::newRow("ecg-rhythm") << "ecg-rhythm" << 4 << 4 << "(800, 1)";
    }

    void ecgSegmentationLabelsTheWaves() {
        const Dataset d = ecgFrames("ecg-segmentation", 80, 0.0, Task::Classification, 4);
        QCOMPARE(d.classNames, (std::vector<std::string>{"none", "p_wave", "qrs", "t_wave"}));
        QCOMPARE(d.labels.size(), std::size_t(80 * 256));
        QCOMPARE(d.y.rows(), Index(256 * 4));
        QVERIFY((d.y.colwise().sum().array() == 256.0f).all());  // one class per time step
        // Every class is there in realistic shares: the QRS about a tenth of the time.
        const std::vector<Index> counts = d.classCounts();
        for (Index c : counts) QVERIFY(c > 0);
        const double qrs = double(counts[2]) / double(d.labels.size());
        QVERIFY2(qrs > 0.05 && qrs < 0.2, qPrintable(QString::number(qrs)));
        for (Index j = 0; j < d.size(); ++j) {
            const int* labels = d.labels.data() + j * 256;
            // Without noise the frame's tallest sample is an R peak: inside a QRS.
            Index peak = 0;
            d.x.col(j).maxCoeff(&peak);
            QCOMPARE(labels[peak], 2);
            // Every fourth frame is atrial fibrillation: no P waves.
            const bool anyP = std::find(labels, labels + 256, 1) != labels + 256;
            QCOMPARE(anyP, j % 4 != 3);
        }
    }

    void ecgDenoiseHasItsSnrs() {
        const Dataset d = ecgFrames("ecg-denoise", 60, 0.1, Task::Regression, 1);
        double lo = 1e9, hi = -1e9;
        for (Index j = 0; j < d.size(); ++j) {
            const double signal = d.y.col(j).squaredNorm();
            const double noise = (d.x.col(j) - d.y.col(j)).squaredNorm();
            const double snr = 10 * std::log10(signal / noise);
            lo = std::min(lo, snr);
            hi = std::max(hi, snr);
        }
        QVERIFY2(lo >= -6.01 && hi <= 12.01 && hi - lo > 12,
                 qPrintable(QStringLiteral("%1 .. %2").arg(lo).arg(hi)));
    }
    void shapesAndClasses() {
        QFETCH(QString, name);
        QFETCH(int, classes);
        QFETCH(int, expectedClasses);
        QFETCH(QString, shape);
        SyntheticOptions opt;
        opt.n = 200;
        opt.classes = classes;
        const Dataset d = makeSynthetic(name.toStdString(), opt);
        QCOMPARE(d.size(), Index(200));
        QCOMPARE(QString::fromStdString(d.inputShape.toString()), shape);
        QCOMPARE(d.x.rows(), d.inputShape.size());
        QCOMPARE(d.numClasses(), Index(expectedClasses));
        QVERIFY(d.x.allFinite());
        QVERIFY(d.y.allFinite());
        if (expectedClasses) {
            QCOMPARE(d.task, Task::Classification);
            for (Index c : d.classCounts()) QVERIFY(c >= 200 / expectedClasses - 1);
            QCOMPARE(d.y.rows(), Index(expectedClasses));
        } else {
            QCOMPARE(d.task, Task::Regression);
            QCOMPARE(d.y.rows(), Index(1));
        }
    }

    void deterministicPerSeed() {
        for (const std::string& name : syntheticNames()) {
            SyntheticOptions opt;
            opt.n = 40;
            opt.classes = name == "ecg-rhythm" ? 4 : 3;
            opt.length = 300;
            const Dataset a = makeSynthetic(name, opt);
            const Dataset b = makeSynthetic(name, opt);
            QVERIFY2(a.x == b.x && a.y == b.y, name.c_str());
            opt.seed = 2;
            QVERIFY2(!(makeSynthetic(name, opt).x == a.x), name.c_str());
        }
    }

    void sineFollowsTheFunction() {
        const Dataset d = makeSine({500, 1, 0.0, 3});
        for (Index j = 0; j < d.size(); ++j) {
            QVERIFY(std::fabs(d.x(0, j)) <= 3.1416f);
            QVERIFY(std::fabs(d.y(0, j) - std::sin(d.x(0, j))) < 1e-5f);
        }
    }

    void xorLabels() {
        const Dataset d = makeXor({300, 2, 0.0, 4});
        for (Index j = 0; j < d.size(); ++j)
            QCOMPARE(d.labels[std::size_t(j)], (d.x(0, j) > 0) != (d.x(1, j) > 0) ? 1 : 0);
    }

    // Heart rate from R peaks: the frame's largest local maxima above half its range.
    void ecgRhythmsHaveTheirHeartRates() {
        SyntheticOptions opt;
        opt.n = 80;
        opt.classes = 4;
        opt.noise = 0.02;
        const Dataset d = makeEcgRhythm(opt);
        QCOMPARE(d.inputShape, (Shape{800, 1}));
        QCOMPARE(d.classNames,
                 (std::vector<std::string>{"normal", "bradycardia", "tachycardia", "afib"}));
        double meanBpm[4] = {}, rrSpread[4] = {};
        for (Index j = 0; j < d.size(); ++j) {
            const auto col = d.x.col(j);
            const float hi = col.maxCoeff(), lo = col.minCoeff();
            std::vector<Index> peaks;
            for (Index i = 2; i + 2 < col.size(); ++i)
                if (col(i) > lo + 0.6f * (hi - lo) && col(i) >= col(i - 1) &&
                    col(i) >= col(i + 1) && col(i) >= col(i - 2) && col(i) >= col(i + 2) &&
                    (peaks.empty() || i - peaks.back() > 20))
                    peaks.push_back(i);
            QVERIFY(peaks.size() >= 3);
            std::vector<double> rr;
            for (std::size_t k = 1; k < peaks.size(); ++k)
                rr.push_back(double(peaks[k] - peaks[k - 1]) / 100.0);
            double mean = 0, var = 0;
            for (double r : rr) mean += r / double(rr.size());
            for (double r : rr) var += (r - mean) * (r - mean) / double(rr.size());
            const int k = d.labels[std::size_t(j)];
            meanBpm[k] += 60.0 / mean / 20.0;
            rrSpread[k] += std::sqrt(var) / mean / 20.0;
        }
        qInfo("mean bpm: %.0f %.0f %.0f %.0f; R-R variation: %.3f %.3f %.3f %.3f", meanBpm[0],
              meanBpm[1], meanBpm[2], meanBpm[3], rrSpread[0], rrSpread[1], rrSpread[2],
              rrSpread[3]);
        QVERIFY(meanBpm[0] > 58 && meanBpm[0] < 102);
        QVERIFY(meanBpm[1] < 58);
        QVERIFY(meanBpm[2] > 102);
        QVERIFY(rrSpread[3] > 2 * rrSpread[0]);  // AF is irregularly irregular
    }

    void badOptions() {
        SyntheticOptions opt;
        opt.classes = 5;
        QVERIFY_THROWS_EXCEPTION(Error, makeEcgRhythm(opt));
        opt.classes = 4;
        opt.length = 10;
        QVERIFY_THROWS_EXCEPTION(Error, makeEcgRhythm(opt));
        try {
            makeSynthetic("circle", SyntheticOptions{});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("did you mean \"circles\"") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
