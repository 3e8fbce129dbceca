// Optimizers against steps worked out by hand: p0 = (1, -2), gradients
// g1 = (0.5, -1), g2 = (0.25, 1), g3 = (-0.5, 0.5), learning rate 0.1, Keras's constants.

#include <QtTest>

#include "core/train/optimizer.h"
#include "core/train/threadcount.h"
#include "core/util/rng.h"

using namespace byom;

namespace {

Vec<float> vec(float a, float b) {
    Vec<float> v(2);
    v << a, b;
    return v;
}

const Vec<float> kGrads[3] = {vec(0.5f, -1.0f), vec(0.25f, 1.0f), vec(-0.5f, 0.5f)};

/// Runs `steps` steps from p0 and returns the parameters after each.
std::vector<Vec<float>> run(Optimizer& opt, int steps) {
    Vec<float> p = vec(1.0f, -2.0f);
    std::vector<Vec<float>> out;
    for (int t = 0; t < steps; ++t) {
        opt.step(p, kGrads[t]);
        out.push_back(p);
    }
    return out;
}

bool near(const Vec<float>& got, double a, double b, double tol = 2e-6) {
    return std::abs(got(0) - a) < tol && std::abs(got(1) - b) < tol;
}

QString show(const Vec<float>& v) {
    return QStringLiteral("(%1, %2)").arg(double(v(0)), 0, 'g', 9).arg(double(v(1)), 0, 'g', 9);
}

}  // namespace

#define CHECK_STEP(got, a, b) QVERIFY2(near(got, a, b), qPrintable(show(got)))

class TestOptimizers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sgd() {
        // p -= lr g:  p1 = (1 - 0.05, -2 + 0.1) = (0.95, -1.9)
        //             p2 = (0.95 - 0.025, -1.9 - 0.1) = (0.925, -2.0)
        //             p3 = (0.925 + 0.05, -2.0 - 0.05) = (0.975, -2.05)
        auto opt = makeOptimizer("sgd", 0.1);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.95, -1.9);
        CHECK_STEP(p[1], 0.925, -2.0);
        CHECK_STEP(p[2], 0.975, -2.05);
    }

    void sgdMomentum() {
        // v = 0.9 v - 0.1 g; p += v
        // v1 = (-0.05, 0.1)                                  p1 = (0.95, -1.9)
        // v2 = (-0.045 - 0.025, 0.09 - 0.1) = (-0.07, -0.01)   p2 = (0.88, -1.91)
        // v3 = (-0.063 + 0.05, -0.009 - 0.05) = (-0.013, -0.059) p3 = (0.867, -1.969)
        OptimizerOptions o;
        o.momentum = 0.9;
        auto opt = makeOptimizer("sgd", 0.1, o);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.95, -1.9);
        CHECK_STEP(p[1], 0.88, -1.91);
        CHECK_STEP(p[2], 0.867, -1.969);
    }

    void sgdNesterov() {
        // v as above; p += 0.9 v - 0.1 g
        // p1 = (1 - 0.045 - 0.05, -2 + 0.09 + 0.1) = (0.905, -1.81)
        // p2 = (0.905 - 0.063 - 0.025, -1.81 - 0.009 - 0.1) = (0.817, -1.919)
        // p3 = (0.817 - 0.0117 + 0.05, -1.919 - 0.0531 - 0.05) = (0.8553, -2.0221)
        OptimizerOptions o;
        o.momentum = 0.9;
        o.nesterov = true;
        auto opt = makeOptimizer("sgd", 0.1, o);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.905, -1.81);
        CHECK_STEP(p[1], 0.817, -1.919);
        CHECK_STEP(p[2], 0.8553, -2.0221);
    }

    void sgdL2() {
        // g' = g + 0.1 p; p -= 0.1 g'
        // p1 = (1 - 0.1 (0.5 + 0.1), -2 - 0.1 (-1 - 0.2)) = (0.94, -1.88)
        // p2 = (0.94 - 0.1 (0.25 + 0.094), -1.88 - 0.1 (1 - 0.188)) = (0.9056, -1.9612)
        OptimizerOptions o;
        o.l2 = 0.1;
        auto opt = makeOptimizer("sgd", 0.1, o);
        const auto p = run(*opt, 2);
        CHECK_STEP(p[0], 0.94, -1.88);
        CHECK_STEP(p[1], 0.9056, -1.9612);
    }

    void adam() {
        // m += 0.1 (g - m); v += 0.001 (g^2 - v); alpha = lr sqrt(1 - 0.999^t) / (1 - 0.9^t);
        // p -= alpha m / (sqrt(v) + 1e-7)
        // t=1: m = (0.05, -0.1), v = (0.00025, 0.001), alpha = 0.1 sqrt(0.001) / 0.1 = 0.0316228
        //      m / sqrt(v) = (0.05 / 0.0158114, -0.1 / 0.0316228) = (3.16226, -3.16227) (eps
        //      included) -> step (0.09999937, -0.09999968): p1 = (0.90000063, -1.90000032)
        // t=2: m = (0.045 + 0.025, -0.09 + 0.1) = (0.07, 0.01)
        //      v = (0.00024975 + 0.0000625, 0.000999 + 0.001) = (0.00031225, 0.001999)
        //      alpha = 0.1 sqrt(0.001999) / 0.19 = 0.0235317
        //      step = alpha (0.07 / 0.0176706, 0.01 / 0.0447102) = (0.0932174, 0.0052631)
        //      p2 = (0.8067832, -1.9052635)
        // t=3: m = (0.063 - 0.05, 0.009 + 0.05) = (0.013, 0.059)
        //      v = (0.00031194 + 0.00025, 0.00199700 + 0.00025) = (0.00056194, 0.00224700)
        //      alpha = 0.1 sqrt(0.002997001) / 0.271 = 0.0202011
        //      step = alpha (0.013 / 0.0237052, 0.059 / 0.0474025) = (0.0110783, 0.0251434)
        //      p3 = (0.7957049, -1.9304068)
        auto opt = makeOptimizer("adam", 0.1);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.900000632, -1.900000316);
        CHECK_STEP(p[1], 0.806783196, -1.905263462);
        CHECK_STEP(p[2], 0.795704936, -1.930406840);
    }

    void adamEpsilonIsKeras() {
        // A tiny gradient shows where epsilon goes: g = 1e-7 on the first step gives
        // sqrt(v) = sqrt(0.001) 1e-7 = 3.16e-9 and m = 1e-8, alpha = 0.0316228:
        // step = 0.0316228 * 1e-8 / (3.16228e-9 + 1e-7) = 0.0030655 (Keras's "epsilon hat").
        // PyTorch's form would give 0.1 * 1e-7 / (1e-7 + 1e-7) = 0.05 with eps 1e-7.
        auto opt = makeOptimizer("adam", 0.1);
        Vec<float> p = vec(0.0f, 0.0f);
        opt->step(p, vec(1e-7f, -1e-7f));
        const double expected = std::sqrt(0.001) * 1e-8 / (std::sqrt(0.001) * 1e-7 + 1e-7);
        QVERIFY2(near(p, -expected, expected, 1e-7), qPrintable(show(p)));
        QVERIFY(std::abs(expected - 0.0030655) < 1e-6);
    }

    void adamw() {
        // Decoupled decay first: p *= 1 - lr * 0.004 = 0.9996, then the Adam step above.
        // p1 = (0.9996 - 0.09999937, -1.9992 + 0.09999968) = (0.89960063, -1.89920032)
        // p2 = (0.9996 * 0.89960063 - 0.0932174, 0.9996 * -1.89920032 - 0.0052631)
        //    = (0.8060234, -1.9037038)
        auto opt = makeOptimizer("adamw", 0.1);
        QCOMPARE(opt->weightDecay(), 0.004);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.899600632, -1.899200316);
        CHECK_STEP(p[1], 0.806023356, -1.903703782);
        CHECK_STEP(p[2], 0.794622686, -1.928085678);
        // An explicit weight decay replaces the default; 0 makes it Adam.
        OptimizerOptions o;
        o.weightDecay = 0.0;
        auto plain = makeOptimizer("adamw", 0.1, o);
        CHECK_STEP(run(*plain, 1)[0], 0.900000632, -1.900000316);
    }

    void rmsprop() {
        // s = 0.9 s + 0.1 g^2; p -= lr g / sqrt(s + 1e-7)
        // s1 = (0.025, 0.1): p1 = (1 - 0.05 / 0.1581142, -2 + 0.1 / 0.3162279)
        //                       = (0.6837729, -1.6837724)
        // s2 = (0.0225 + 0.00625, 0.09 + 0.1) = (0.02875, 0.19)
        //    p2 = (0.6837729 - 0.025 / 0.1695592, -1.6837724 - 0.1 / 0.4358900)
        //       = (0.5363312, -1.9131881)
        // s3 = (0.025875 + 0.025, 0.171 + 0.025) = (0.050875, 0.196)
        //    p3 = (0.5363312 + 0.05 / 0.2255549, -1.9131881 - 0.05 / 0.4427189)
        //       = (0.7580065, -2.0261265)
        auto opt = makeOptimizer("rmsprop", 0.1);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.683772866, -1.683772392);
        CHECK_STEP(p[1], 0.536331167, -1.913188066);
        CHECK_STEP(p[2], 0.758006498, -2.026126525);
    }

    void rmspropMomentum() {
        // b = 0.5 b + d, p -= b with d as above:
        // p1 = p1 above (b1 = d1 = (0.3162271, -0.3162276));
        // b2 = 0.5 b1 + d2 = (0.1581136 + 0.1474417, -0.1581138 + 0.2294157)
        //    = (0.3055553, 0.0713019): p2 = p1 - b2 = (0.3782176, -1.7550743)
        OptimizerOptions o;
        o.momentum = 0.5;
        auto opt = makeOptimizer("rmsprop", 0.1, o);
        const auto p = run(*opt, 3);
        CHECK_STEP(p[0], 0.683772866, -1.683772392);
        CHECK_STEP(p[1], 0.378217600, -1.755074262);
        CHECK_STEP(p[2], 0.447115298, -1.903663655);
    }

    void clipByGlobalNorm() {
        // g = (3, 4) has norm 5; clipnorm 1 scales it to (0.6, 0.8); SGD lr 1: p = p0 - g'.
        OptimizerOptions o;
        o.clipNorm = 1.0;
        auto opt = makeOptimizer("sgd", 1.0, o);
        Vec<float> p = vec(1.0f, -2.0f);
        opt->step(p, vec(3.0f, 4.0f));
        CHECK_STEP(p, 0.4, -2.8);
        // Below the threshold nothing changes: g = (0.3, 0.4), norm 0.5.
        opt->step(p, vec(0.3f, 0.4f));
        CHECK_STEP(p, 0.1, -3.2);
        // Adam's first step has |step| = lr per element whatever the scale, so check the state
        // instead through a second step: with clipping, g1 = (0.6, 0.8) then g2 = (0.6, 0.8)
        // (again clipped from (6, 8)) equals an unclipped run on (0.6, 0.8) twice.
        auto clipped = makeOptimizer("adam", 0.1, o);
        auto plain = makeOptimizer("adam", 0.1);
        Vec<float> a = vec(1.0f, -2.0f), b = a;
        clipped->step(a, vec(3.0f, 4.0f));
        clipped->step(a, vec(6.0f, 8.0f));
        plain->step(b, vec(0.6f, 0.8f));
        plain->step(b, vec(0.6f, 0.8f));
        QVERIFY2((a - b).cwiseAbs().maxCoeff() < 1e-7f, qPrintable(show(a) + show(b)));
    }

    void namesAndErrors() {
        for (const std::string& name : optimizerNames())
            QCOMPARE(makeOptimizer(name, 0.01)->name(), name);
        QVERIFY_EXCEPTION_THROWN(makeOptimizer("adamm", 0.01), std::exception);
        Vec<float> p = vec(0, 0);
        Vec<float> g(3);
        g.setZero();
        QVERIFY_EXCEPTION_THROWN(makeOptimizer("adam", 0.01)->step(p, g), std::exception);
    }
    void threadsGiveTheSameBits_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("momentum");
        QTest::addColumn<bool>("nesterov");
        QTest::newRow("sgd") << "sgd" << 0.0 << false;
        QTest::newRow("sgd momentum") << "sgd" << 0.9 << false;
        QTest::newRow("sgd nesterov") << "sgd" << 0.9 << true;
        QTest::newRow("adam") << "adam" << 0.0 << false;
        QTest::newRow("adamw") << "adamw" << 0.0 << false;
        QTest::newRow("rmsprop momentum") << "rmsprop" << 0.5 << false;
    }

    void threadsGiveTheSameBits() {
        // 300,000 parameters: with two threads the update is split in two parts (OpenMP builds),
        // and each element must come out exactly as on one thread.
        QFETCH(QString, name);
        QFETCH(double, momentum);
        QFETCH(bool, nesterov);
        OptimizerOptions o;
        o.momentum = momentum;
        o.nesterov = nesterov;
        o.l2 = 1e-3;
        Rng rng(11);
        Vec<float> start(300000), grads(300000);
        for (Index i = 0; i < start.size(); ++i) {
            start(i) = float(rng.normal());
            grads(i) = float(rng.normal());
        }
        std::vector<Vec<float>> results;
        for (int threads : {1, 2}) {
            ThreadCount::set(threads);
            auto opt = makeOptimizer(name.toStdString(), 0.01, o);
            Vec<float> p = start;
            for (int t = 0; t < 3; ++t) opt->step(p, grads * float(t + 1));
            results.push_back(p);
        }
        ThreadCount::set(1);
        QVERIFY(results[0] != start);
        QVERIFY(results[0] == results[1]);
    }
};

QTEST_GUILESS_MAIN(TestOptimizers)
#include "tst_optimizers.moc"
