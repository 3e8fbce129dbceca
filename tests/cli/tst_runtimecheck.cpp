// BYOM_REQUIRE_RUNTIME (tests/support/runtime.h), which the export and schema tests use: a test
// whose runtime is missing skips, except under CI=true, where it fails naming what is missing.
// Checked by running this program again on a test that needs a runtime that is never there.

#include <QProcess>
#include <QtTest>

#include "support/runtime.h"

class TestRuntimeCheck : public QObject {
    Q_OBJECT

    struct Run {
        int code;
        QString output;
    };

    /// Runs this program's missingRuntime() with CI unset (a null `ci`) or set to `ci`.
    static Run missingRuntimeWithCi(const QString& ci) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BYOM_TEST_MISSING_RUNTIME"), QStringLiteral("1"));
        if (ci.isNull())
            env.remove(QStringLiteral("CI"));
        else
            env.insert(QStringLiteral("CI"), ci);
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("missingRuntime")});
        if (!p.waitForFinished(60000)) return {-1, QStringLiteral("timeout")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAll())};
    }

private Q_SLOTS:
    void missingRuntime() {
        // Does nothing unless run by the checks below.
        if (!qEnvironmentVariableIsSet("BYOM_TEST_MISSING_RUNTIME")) return;
        BYOM_REQUIRE_RUNTIME(QStringLiteral("no-such-runtime is not installed"));
        QFAIL("a missing runtime neither skipped nor failed the test");
    }

    void presentRuntimeRunsTheTest() {
        bool reached = false;
        [&] {
            BYOM_REQUIRE_RUNTIME(QString());
            reached = true;
        }();
        QVERIFY(reached);
    }

    void missingRuntimeSkipsOutsideCi() {
        for (const QString& ci : {QString(), QStringLiteral("false"), QStringLiteral("1")}) {
            const Run r = missingRuntimeWithCi(ci);
            QVERIFY2(r.code == 0, qPrintable(r.output));
            QVERIFY2(r.output.contains(QStringLiteral("SKIP")) &&
                         r.output.contains(QStringLiteral("no-such-runtime is not installed")),
                     qPrintable(r.output));
        }
    }

    void missingRuntimeFailsUnderCi() {
        const Run r = missingRuntimeWithCi(QStringLiteral("true"));
        QVERIFY2(r.code == 1, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("FAIL!")) &&
                     r.output.contains(QStringLiteral("CI=true")) &&
                     r.output.contains(QStringLiteral("no-such-runtime is not installed")),
                 qPrintable(r.output));
        QVERIFY(!r.output.contains(QStringLiteral("SKIP")));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeCheck)
#include "tst_runtimecheck.moc"
