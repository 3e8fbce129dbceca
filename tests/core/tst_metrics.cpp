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
