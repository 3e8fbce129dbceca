// The Open Data dialog: preview with detected delimiter and header, the label column and
// options, problems shown before accepting, loading off the GUI thread with cancel, and the
// choice applied to the project as one undo step.

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QtTest>

#include "core/data/dataspec.h"
#include "core/io/projectfile.h"
#include "ui/data/datadialog.h"
#include "ui/document.h"
#include "ui/training/trainingcontroller.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

namespace {

const QString kIris = QStringLiteral(BYOM_TEST_DATA_DIR "/csv/iris.csv");

void writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

}  // namespace

class TestDataDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void previewsIrisAndLoadsTheChosenLabel() {
        DataDialog d(byom::TrainConfig{}, QString());
        d.setPath(kIris);
        QStandardItemModel* preview = d.previewModel();
        QCOMPARE(preview->columnCount(), 5);
        QCOMPARE(preview->rowCount(), 20);
        QCOMPARE(preview->horizontalHeaderItem(4)->text(), QStringLiteral("species"));
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("5.1"));
        auto* detected = d.findChild<QLabel*>(QStringLiteral("detected"));
        QVERIFY(detected->text().contains(QStringLiteral("comma")));
        QVERIFY(detected->text().contains(QStringLiteral("header")));
        QVERIFY(d.setLabelColumn(QStringLiteral("species")));
        QTRY_VERIFY_WITH_TIMEOUT(d.isReady(), 20000);
        QVERIFY2(d.summary().contains(QStringLiteral("150 samples")), qPrintable(d.summary()));
        QVERIFY(d.summary().contains(QStringLiteral("3 classes")));
        QCOMPARE(d.dataset()->inputShape.toString(), std::string("(4,)"));
        const std::string spec = d.spec();
        QVERIFY2(spec.find("label=species") != std::string::npos, spec.c_str());
        // The spec loads the same data through core.
        const byom::Dataset again = byom::loadDataset(byom::DataSpec::parse(spec));
        QCOMPARE(again.size(), d.dataset()->size());
        QCOMPARE(again.classNames, d.dataset()->classNames);

        // Another label column, as a regression target: species then becomes a feature, and
        // the loader's complaint about its text is shown instead of accepting.
        QVERIFY(d.setLabelColumn(QStringLiteral("petal width (cm)")));
        d.findChild<QComboBox*>(QStringLiteral("task"))
            ->setCurrentText(QStringLiteral("regression"));
        QVERIFY(!d.isReady());
        QTRY_VERIFY_WITH_TIMEOUT(!d.isLoading(), 20000);
        QVERIFY(!d.isReady());
        QVERIFY2(d.problem().contains(QStringLiteral("species")), qPrintable(d.problem()));
        QVERIFY(d.spec().find("task=regression") != std::string::npos);
        QVERIFY(d.spec().find("label=petal width (cm)") != std::string::npos);
        // Back to species as the label, the data loads again.
        QVERIFY(d.setLabelColumn(QStringLiteral("species")));
        d.findChild<QComboBox*>(QStringLiteral("task"))
            ->setCurrentText(QStringLiteral("classification"));
        QTRY_VERIFY_WITH_TIMEOUT(d.isReady(), 20000);
        QCOMPARE(d.dataset()->task, byom::Task::Classification);
        QVERIFY(d.problem().isEmpty());
    }

    void problemsAreShownBeforeAccepting() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.csv"));
        writeFile(path, "a;b;label\n1;2;x\n3;oops;y\n5;6;x\n7;8;y\n");
        DataDialog d(byom::TrainConfig{}, dir.path());
        d.setPath(path);
        QVERIFY(d.findChild<QLabel*>(QStringLiteral("detected"))
                    ->text()
                    .contains(QStringLiteral("semicolon")));
        QTRY_VERIFY_WITH_TIMEOUT(!d.isLoading(), 20000);
        QVERIFY(!d.isReady());
        QVERIFY2(d.problem().contains(QStringLiteral("bad.csv:3")), qPrintable(d.problem()));
        QVERIFY(d.problem().contains(QStringLiteral("oops")));
        d.accept();
        QCOMPARE(d.result(), int(QDialog::Rejected));  // not accepted with a problem
        d.findChild<QComboBox*>(QStringLiteral("missing"))->setCurrentText(QStringLiteral("drop"));
        QTRY_VERIFY_WITH_TIMEOUT(d.isReady(), 20000);
        QVERIFY(d.problem().isEmpty());
        QCOMPARE(d.dataset()->size(), byom::Index(3));
        // Inside the project's folder the path is stored relative to it.
        QCOMPARE(d.spec(), std::string("csv:bad.csv?label=label&missing=drop"));
    }

    void largeFilesLoadInTheBackgroundAndCancel() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.csv"));
        QByteArray text = "x1,x2,x3,label\n";
        for (int i = 0; i < 400000; ++i)
            text += QByteArray::number(i % 97) + ',' + QByteArray::number(i % 13) + ",0.5," +
                    QByteArray::number(i % 3) + '\n';
        writeFile(path, text);
        DataDialog d(byom::TrainConfig{}, QString());
        d.setPath(path);
        QVERIFY(d.isLoading());  // the GUI thread is not blocked by the load
        d.cancelLoad();
        QVERIFY(!d.isLoading());
        QVERIFY(!d.isReady());
        QVERIFY(d.problem().contains(QStringLiteral("cancelled")));
        QTest::qWait(200);
        QVERIFY(!d.isReady());  // a late result of the cancelled load is dropped
    }

    void applyingIsOneUndoStepAndTrains() {
        MainWindow w;
        const std::string before = projectToJson(w.document()->project()).dump();
        std::unique_ptr<DataDialog> d(w.createDataDialog());
        d->setPath(kIris);
        QVERIFY(d->setLabelColumn(QStringLiteral("species")));
        d->findChild<QComboBox*>(QStringLiteral("normalization"))
            ->setCurrentText(QStringLiteral("minmax"));
        QTRY_VERIFY_WITH_TIMEOUT(d->isReady(), 20000);
        QSignalSpy changed(w.document(), &Document::dataChanged);
        w.applyData(*d);
        QCOMPARE(changed.count(), 1);
        const byom::Project& p = w.document()->project();
        QCOMPARE(p.data, d->spec());
        QCOMPARE(p.dataHash, d->dataHash());
        QCOMPARE(p.training.normalization, std::string("minmax"));
        QCOMPARE(w.document()->undoStack()->count(), 1);

        // The example stack (3 classes), given iris's 4 features, trains on iris.
        byom::Project small = p;
        small.training.epochs = 3;
        small.stacks[0].inputShape = byom::Shape{4};
        w.document()->reset(small);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        w.startTraining();
        QVERIFY(finished.wait(60000) || finished.count() == 1);
        QCOMPARE(w.document()->project().runs.size(), std::size_t(1));
        QCOMPARE(w.document()->project().runs[0].manifest["config"]["normalization"],
                 byom::json("minmax"));

        MainWindow other;
        std::unique_ptr<DataDialog> d2(other.createDataDialog());
        d2->setPath(kIris);
        QTRY_VERIFY_WITH_TIMEOUT(d2->isReady(), 20000);
        other.applyData(*d2);
        other.document()->undoStack()->undo();
        QCOMPARE(projectToJson(other.document()->project()).dump(), before);
    }
};

QTEST_MAIN(TestDataDialog)
#include "tst_datadialog.moc"
