// The training thread under stress: a thousand start/stop cycles, pause and resume. Run under the
// sanitizers (scripts/test --sanitize: ASan + UBSan with leak checks; scripts/test --tsan: this
// test under ThreadSanitizer).

#include <QSignalSpy>
#include <QtTest>

#include "ui/document.h"
#include "ui/trainingcontroller.h"

using byom::ui::TrainingController;

class TestTrainingController : public QObject {
    Q_OBJECT

    static byom::Project longProject() {
        byom::Project p = byom::ui::exampleProject();
        p.training.epochs = 100000;  // never completes within the test
        return p;
    }

private Q_SLOTS:
    void startAndStopAThousandTimes() {
        TrainingController c;
        QSignalSpy finished(&c, &TrainingController::finished);
        QSignalSpy failed(&c, &TrainingController::failed);
        QSignalSpy running(&c, &TrainingController::runningChanged);
        const byom::Project p = longProject();
        const int cycles = qEnvironmentVariableIntValue("BYOM_STRESS_CYCLES") > 0
                               ? qEnvironmentVariableIntValue("BYOM_STRESS_CYCLES")
                               : 1000;
        for (int i = 0; i < cycles; ++i) {
            c.start(p, QString());
            QVERIFY(c.isRunning());
            // Every few cycles let the run get into its batches before stopping it; the
            // others stop it before or while the worker sets up.
            if (i % 50 == 0) QTest::qWait(5);
            c.stop();
            while (c.isRunning()) QVERIFY(running.wait(30000));
            QCOMPARE(finished.count(), i + 1);
            QVERIFY2(failed.isEmpty(),
                     failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
            QCOMPARE(finished.last().at(0).toBool(), true);  // stopped, not completed
        }
    }

    void pauseHoldsAndResumeContinues() {
        TrainingController c;
        QSignalSpy batches(&c, &TrainingController::batchFinished);
        c.start(longProject(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(batches.count() > 0, 30000);
        c.setPaused(true);
        QTest::qWait(200);  // the batch in flight may still report
        const qsizetype held = batches.count();
        QTest::qWait(300);
        QCOMPARE(batches.count(), held);
        c.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(batches.count() > held, 30000);
        c.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!c.isRunning(), 30000);
    }
};

QTEST_MAIN(TestTrainingController)
#include "tst_trainingcontroller.moc"
