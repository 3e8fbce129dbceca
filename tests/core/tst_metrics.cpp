// Classification and regression metrics against values worked out by hand.

#include <QtTest>

#include "core/train/metrics.h"

using namespace byom;

class TestMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void confusionPrecisionRecallF1() {
        // truth:     0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        const ClassificationMetrics m =
            classificationMetrics({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2}, {"a", "b", "c"});
        const std::vector<std::vector<long long>> confusion = {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}};
        QVERIFY(m.confusion == confusion);
        QCOMPARE(m.accuracy, 4.0 / 6.0);
        // a: precision 2/2, recall 2/3; b: 1/2, 1/2; c: 1/2, 1/1
        QCOMPARE(m.precision[0], 1.0);
        QCOMPARE(m.recall[0], 2.0 / 3.0);
        QCOMPARE(m.precision[1], 0.5);
        QCOMPARE(m.recall[2], 1.0);
        const double f1a = 2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3);
        const double f1b = 0.5;
        const double f1c = 2 * 0.5 * 1.0 / 1.5;
        QVERIFY(std::abs(m.weightedF1 - (3 * f1a + 2 * f1b + 1 * f1c) / 6) < 1e-12);
        QVERIFY(QString::fromStdString(m.toText()).contains(QStringLiteral("weighted F1")));
    }

    void macroF1AndTimeSteps() {
        // Two samples of three time steps, two classes per step: argmaxSteps reads runs of K.
        Mat<float> out(6, 2);
        out << 0.9f, 0.2f,  //
            0.1f, 0.8f,     //
            0.3f, 0.6f,     //
            0.7f, 0.4f,     //
            0.2f, 0.5f,     //
            0.8f, 0.5f;
        QCOMPARE(argmaxSteps(out, 2), (std::vector<int>{0, 1, 1, 1, 0, 0}));
        QCOMPARE(argmaxSteps(out, 6), argmaxColumns(out));
        const ClassificationMetrics m =
            classificationMetrics({0, 0, 1, 1, 1, 0}, {0, 0, 1, 1, 0, 0}, {"a", "b"});
        QCOMPARE(m.accuracy, 5.0 / 6.0);
        const double f1a = 2 * 0.75 * 1.0 / 1.75, f1b = 2 * 1.0 * (2.0 / 3) / (1 + 2.0 / 3);
        QVERIFY(std::abs(m.macroF1 - (f1a + f1b) / 2) < 1e-12);
        QCOMPARE(m.toJson()["macro_f1"].get<double>(), m.macroF1);
    }

    void denoiseSnr() {
        // Frame 0: noise energy 4 in, 1 out (6.02 dB better); frame 1: no noise, left out.
        Mat<float> clean(2, 2), x(2, 2), out(2, 2);
        clean << 3, 1, 4, 1;
        x << 5, 1, 4, 1;
        out << 4, 1, 4, 1;
        const DenoiseMetrics d = denoiseMetrics(x, out, clean);
        QCOMPARE(d.frames, Index(1));
        QVERIFY(std::abs(d.snrInDb - 10 * std::log10(25.0 / 4)) < 1e-9);
        QVERIFY(std::abs(d.snrOutDb - 10 * std::log10(25.0)) < 1e-9);
        QVERIFY(std::abs(d.improvementDb - 10 * std::log10(4.0)) < 1e-9);
    }

    void classNeverPredicted() {
        const ClassificationMetrics m = classificationMetrics({0, 1}, {0, 0}, {"a", "b"});
        QCOMPARE(m.precision[1], 0.0);
        QCOMPARE(m.f1[1], 0.0);
    }

    void regression() {
        Mat<float> p(1, 4), y(1, 4);
        p << 1, 2, 3, 4;
        y << 1, 2, 3, 6;
        const RegressionMetrics m = regressionMetrics(p, y);
        QCOMPARE(m.mae, 0.5);
        QCOMPARE(m.rmse, 1.0);  // sqrt(4 / 4)
        // mean 3; SS_tot = 4 + 1 + 0 + 9 = 14; SS_res = 4
        QVERIFY(std::abs(m.r2 - (1.0 - 4.0 / 14.0)) < 1e-12);
    }

    void severalTargets() {
        // R^2 is the mean of each target's (scikit-learn's r2_score), not one pooled over
        // targets of different scales; MAE and RMSE are over all values.
        Mat<float> p(2, 4), y(2, 4);
        p << 1, 2, 3, 4, 100, 210, 290, 400;
        y << 1, 2, 3, 6, 100, 200, 300, 400;
        const RegressionMetrics m = regressionMetrics(p, y);
        QCOMPARE(m.perTarget.size(), std::size_t(2));
        QVERIFY(std::abs(m.perTarget[0].r2 - (1.0 - 4.0 / 14.0)) < 1e-12);
        QVERIFY(std::abs(m.perTarget[1].r2 - (1.0 - 200.0 / 50000.0)) < 1e-12);
        QVERIFY(std::abs(m.r2 - (m.perTarget[0].r2 + m.perTarget[1].r2) / 2) < 1e-12);
        QCOMPARE(m.mae, (2.0 + 20.0) / 8);
        QCOMPARE(m.perTarget[1].mae, 5.0);
        const json j = m.toJson();
        QCOMPARE(j["per_target"].size(), std::size_t(2));
        QCOMPARE(RegressionMetrics::fromJson(j).toText(), m.toText());
        QVERIFY(QString::fromStdString(m.toText()).contains(QStringLiteral("target 1: MAE 5")));
        QVERIFY(!regressionMetrics(p.topRows(1), y.topRows(1)).toJson().contains("per_target"));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
