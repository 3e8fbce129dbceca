// The training thread under stress: a thousand start/stop cycles, pause and resume. Run under the
// sanitizers (scripts/test --sanitize: ASan + UBSan with leak checks; scripts/test --tsan: this
// test under ThreadSanitizer). LeakSanitizer finds memory nobody owns; the resident-size check
// below finds memory that something keeps owning (a list of finished runs that only grows).

#include <QSignalSpy>
#include <QtTest>
#include <algorithm>

#include "core/project/trainingrequests.h"
#include "support/residentmemory.h"
#include "ui/document.h"
#include "ui/training/trainingcontroller.h"

using byom::ui::TrainingController;

class TestTrainingController : public QObject {
    Q_OBJECT

    static byom::TrainingRequest longRun() {
        byom::Project p = byom::ui::exampleProject();
        p.training.epochs = 100000;  // never completes within the test
        return byom::stackTrainingRequest(p, {}, ".");
    }

private Q_SLOTS:
    void startAndStopAThousandTimes() {
        TrainingController c;
        QSignalSpy finished(&c, &TrainingController::finished);
        QSignalSpy failed(&c, &TrainingController::failed);
        QSignalSpy running(&c, &TrainingController::runningChanged);
        const byom::TrainingRequest request = longRun();
        const int cycles = qEnvironmentVariableIntValue("BYOM_STRESS_CYCLES") > 0
                               ? qEnvironmentVariableIntValue("BYOM_STRESS_CYCLES")
                               : 1000;
        // Measured after the first 100 cycles: by then the allocator's per-thread arenas and
        // the one-off setup have reached their size.
        const int warmUp = std::min(100, cycles / 2);
        std::int64_t residentAfterWarmUp = 0;
        for (int i = 0; i < cycles; ++i) {
            if (i == warmUp) residentAfterWarmUp = residentBytes();
            c.start(request, QStringLiteral("stack"));
            QVERIFY(c.isRunning());
            // Every few cycles let the run get into its batches before stopping it; the
            // others stop it before or while the worker sets up.
            if (i % 50 == 0) QTest::qWait(5);
            c.stop();
            while (c.isRunning()) QVERIFY(running.wait(30000));
            QCOMPARE(finished.count(), 1);
            QVERIFY2(failed.isEmpty(),
                     failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
            QCOMPARE(finished.last().at(0).toBool(), true);  // stopped, not completed
            // The spies keep every signal's arguments (a run record holds the model's JSON):
            // emptied so that the resident size measures the controller, not the test.
            finished.clear();
            running.clear();
        }
        if (residentSizeIsMeaningful() && residentAfterWarmUp > 0) {
            const double grownMiB = double(residentBytes() - residentAfterWarmUp) / (1 << 20);
            qInfo("resident size grew by %.2f MiB over %d cycles", grownMiB, cycles - warmUp);
            QVERIFY2(grownMiB < 2.0,
                     qPrintable(
                         QStringLiteral("resident size grew by %1 MiB").arg(grownMiB, 0, 'f', 2)));
        }
    }

    void pauseHoldsAndResumeContinues() {
        TrainingController c;
        QSignalSpy batches(&c, &TrainingController::batchFinished);
        c.start(longRun(), QStringLiteral("stack"));
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
