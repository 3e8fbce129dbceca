// The training views of the main window: live curves, pause/resume/stop, runs kept in the
// project and compared, the confusion matrix against `byom evaluate`, the decision
// boundary, and the training options panel (undoable).

#include <QAction>
#include <QChart>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtTest>

#include "core/data/dataspec.h"
#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/train/evaluation.h"
#include "core/train/history.h"
#include "core/util/fileio.h"
#include "support/smallrun.h"
#include "ui/designer/parameditor.h"
#include "ui/document.h"
#include "ui/training/confusionmatrixview.h"
#include "ui/training/decisionboundaryview.h"
#include "ui/training/losschart.h"
#include "ui/training/metricspanel.h"
#include "ui/training/runspanel.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using byom::json;

class TestTrainingViews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aRunFillsTheChartsAndIsKept() {
        MainWindow w;
        useSmallRun(w, 6);
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy grids(w.trainingController(), &TrainingController::decisionGridReady);
        // Every batch event the window gets moves the train curves' running tip.
        int batches = 0, tips = 0;
        connect(w.trainingController(), &TrainingController::batchFinished, &w,
                [&](int epoch, int batch, int perEpoch) {
                    ++batches;
                    const double x = epoch - 1 + double(batch) / perEpoch;
                    if (qFuzzyCompare(w.lossChart()->liveLoss().x(), x)) ++tips;
                });
        QVERIFY(trainToEnd(w));
        QVERIFY(batches >= 6);
        QCOMPARE(tips, batches);
        QCOMPARE(epochs.count(), 6);
        QTRY_COMPARE(w.lossChart()->pointCount(), 6);  // one point per epoch
        QVERIFY(w.lossChart()->liveLoss().isNull());   // no running tip after the last
        QVERIFY(grids.count() >= 1);
        QVERIFY(w.boundaryView()->hasGrid());
        QVERIFY(!w.dock(QStringLiteral("boundaryDock"))->isHidden());
        QCOMPARE(w.document()->project().runs.size(), std::size_t(1));
        const byom::RunRecord& run = w.document()->project().runs[0];
        QCOMPARE(run.name, std::string("run 1"));
        QCOMPARE(run.manifest["outcome"], json("completed"));
        QCOMPARE(run.manifest["history"]["epochs"], json(6));
        // A run this short reads in milliseconds, not "0.0 s".
        if (run.manifest["seconds"].get<double>() < 0.5)
            QVERIFY2(w.trainingPanel()->progressText().contains(
                         QRegularExpression(QStringLiteral("^run 1 finished in [1-9][0-9]* ms$"))),
                     qPrintable(w.trainingPanel()->progressText()));
        QCOMPARE(w.runsPanel()->view()->topLevelItemCount(), 1);
        QVERIFY(w.trainingPanel()->progressText().contains(QStringLiteral("run 1")));
        QCOMPARE(w.trainingPanel()->progressBar()->value(), 1000);
        // Keeping the run is one undo step.
        w.document()->undoStack()->undo();
        QVERIFY(w.document()->project().runs.empty());
        QCOMPARE(w.runsPanel()->view()->topLevelItemCount(), 0);
    }

    void confusionMatrixMatchesByomEvaluate() {
        MainWindow w;
        useSmallRun(w, 5);
        QVERIFY(trainToEnd(w));
        const byom::Project& p = w.document()->project();
        QCOMPARE(p.runs.size(), std::size_t(1));
        // The run's model and its validation rows (raw, as a user's file would hold them)...
        QTemporaryDir dir;
        const QString modelPath = dir.filePath(QStringLiteral("model.json"));
        const QString dataPath = dir.filePath(QStringLiteral("val.csv"));
        byom::writeFileAtomic(modelPath.toStdString(), p.runs[0].model.dump());
        const byom::Dataset data = byom::loadDataset(byom::DataSpec::parse(p.data));
        const auto [train, val] = byom::splitDataset(data, p.training.valSplit, p.training.seed);
        std::string csv = "x0,x1,label\n";
        char cell[32];
        for (byom::Index i = 0; i < val.size(); ++i) {
            for (byom::Index f = 0; f < val.x.rows(); ++f) {
                std::snprintf(cell, sizeof cell, "%.9g,", double(val.x(f, i)));
                csv += cell;
            }
            csv += val.classNames[static_cast<std::size_t>(val.labels[i])] + "\n";
        }
        byom::writeFileAtomic(dataPath.toStdString(), csv);
        // ...evaluated by the command line.
        QProcess cli;
        cli.start(QStringLiteral(BYOM_CLI_PATH),
                  {QStringLiteral("evaluate"), QStringLiteral("--model"), modelPath,
                   QStringLiteral("--data"), QStringLiteral("csv:") + dataPath,
                   QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const json expected = json::parse(cli.readAllStandardOutput().toStdString());
        const auto& matrix = expected["confusion_matrix"];
        QCOMPARE(matrix.size(), std::size_t(3));
        long long total = 0;
        ConfusionMatrixView* view = w.metricsPanel()->matrixView();
        for (int t = 0; t < 3; ++t)
            for (int c = 0; c < 3; ++c) {
                QCOMPARE(view->count(t, c), matrix[t][c].get<long long>());
                total += view->count(t, c);
            }
        QCOMPARE(total, static_cast<long long>(val.size()));
        QTableWidget* table = w.metricsPanel()->classTable();
        QCOMPARE(table->rowCount(), 3);
        for (int r = 0; r < 3; ++r) {
            const double recall = expected["per_class"][r]["recall"].get<double>();
            QCOMPARE(table->item(r, 2)->text(), QString::number(recall, 'f', 3));
        }
    }

    void pauseHoldsAndResumeContinues() {
        MainWindow w;
        useSmallRun(w, 100000);
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 30000);
        auto* pause = w.findChild<QAction*>(QStringLiteral("pauseAction"));
        QVERIFY(pause && pause->isEnabled());
        QSignalSpy grids(w.trainingController(), &TrainingController::decisionGridReady);
        pause->setChecked(true);
        QVERIFY(w.trainingController()->isPaused());
        QTest::qWait(400);  // the batch in flight ends, and its epoch may
        const int held = static_cast<int>(epochs.count());
        // The held run draws the boundary of the weights it holds.
        QVERIFY(grids.count() >= 1);
        QTest::qWait(800);
        QCOMPARE(epochs.count(), held);
        QVERIFY(w.trainingController()->isRunning());
        pause->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() > held + 1, 30000);
        w.stopTraining();
        QVERIFY(finished.wait(30000) || finished.count() == 1);
    }

    void stopKeepsTheWeights() {
        MainWindow w;
        useSmallRun(w, 100000);
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 3, 30000);
        w.stopTraining();
        QVERIFY(finished.wait(30000) || finished.count() == 1);
        QCOMPARE(finished.first().at(0).toBool(), true);
        const byom::Project& p = w.document()->project();
        QCOMPARE(p.runs.size(), std::size_t(1));
        QCOMPARE(p.runs[0].manifest["outcome"], json("stopped"));
        QVERIFY(p.runs[0].manifest["best_epoch"].get<int>() >= 1);
        // The kept model loads, and its stored metrics are what the weights give.
        byom::TrainedModel model = byom::modelFromJson(p.runs[0].model, "run");
        const byom::Dataset data = byom::loadDataset(byom::DataSpec::parse(p.data));
        auto [train, val] = byom::splitDataset(data, p.training.valSplit, p.training.seed);
        byom::Normalizer::fromJson(model.normalization).apply(val);
        const json metrics = byom::evaluateModel(*model.model, val, p.training.loss);
        QCOMPARE(metrics["accuracy"].get<double>(), model.metrics["accuracy"].get<double>());
        // Stop kept the best epoch's weights (on_stop: best), not the initial ones.
        const int best = p.runs[0].manifest["best_epoch"].get<int>();
        const double bestAccuracy =
            byom::History::fromJson(p.runs[0].manifest["history"]).epochs[best - 1].valAccuracy;
        QVERIFY2(std::abs(metrics["accuracy"].get<double>() - bestAccuracy) < 1e-9,
                 qPrintable(QString::number(bestAccuracy)));
        // And it exports as a byom-model file from the Runs panel's Export menu.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("model.json"));
        w.prompter().saveFile = [&](const QString&, const QString&) { return path; };
        w.runsPanel()->selectRuns({0});
        auto* button = w.runsPanel()->findChild<QPushButton*>(QStringLiteral("exportRunButton"));
        QVERIFY(button && button->isEnabled() && button->menu());
        button->menu()->popup(QPoint());  // aboutToShow refreshes the actions
        QAction* asModel = nullptr;
        for (QAction* a : button->menu()->actions())
            if (a->objectName() == QStringLiteral("exportRun_model")) asModel = a;
        QVERIFY(asModel && asModel->isEnabled());
        asModel->trigger();
        button->menu()->hide();
        QCOMPARE(byom::readJsonFile(path.toStdString())["format"], json("byom-model"));
    }

    void twoRunsAreOverlaidAndManaged() {
        MainWindow w;
        useSmallRun(w, 4);
        QVERIFY(trainToEnd(w));
        QVERIFY(trainToEnd(w));
        QCOMPARE(w.document()->project().runs.size(), std::size_t(2));
        QCOMPARE(w.document()->project().runs[1].name, std::string("run 2"));
        const int liveSeries = static_cast<int>(w.lossChart()->chart()->series().size());
        w.runsPanel()->selectRuns({0, 1});
        QCOMPARE(w.lossChart()->overlayCount(), 2);
        QCOMPARE(static_cast<int>(w.lossChart()->chart()->series().size()), liveSeries + 6);
        int overlayPoints = 0;
        for (QAbstractSeries* s : w.lossChart()->chart()->series())
            if (s->name() == QStringLiteral("run 2 loss"))
                overlayPoints = static_cast<int>(static_cast<QLineSeries*>(s)->count());
        QCOMPARE(overlayPoints, 4);

        // Rename and delete are undo steps.
        const std::string before = projectToJson(w.document()->project()).dump();
        w.prompter().askText = [](const QString&, const QString&, const QString&) {
            return std::optional<QString>(QStringLiteral("baseline"));
        };
        w.runsPanel()->selectRuns({0});
        w.runsPanel()->renameSelected();
        QCOMPARE(w.document()->project().runs[0].name, std::string("baseline"));
        QCOMPARE(w.runsPanel()->view()->topLevelItem(0)->text(0), QStringLiteral("baseline"));
        w.runsPanel()->selectRuns({0, 1});
        w.runsPanel()->deleteSelected();
        QVERIFY(w.document()->project().runs.empty());
        QCOMPARE(w.lossChart()->overlayCount(), 0);
        w.document()->undoStack()->undo();
        w.document()->undoStack()->undo();
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
    }

    void rerunUsesTheRunsConfig() {
        MainWindow w;
        useSmallRun(w, 3);
        QVERIFY(trainToEnd(w));
        // Change the project afterwards: the re-run still trains what run 1 trained.
        byom::Project p = w.document()->project();
        p.training.epochs = 50;
        p.training.seed = 99;
        w.document()->reset(p);
        QSignalSpy epochs(w.trainingController(), &TrainingController::epochFinished);
        QSignalSpy finished(w.trainingController(), &TrainingController::finished);
        w.rerun(0);
        QVERIFY(finished.wait(120000) || finished.count() == 1);
        QCOMPARE(epochs.count(), 3);
        const auto& runs = w.document()->project().runs;
        QCOMPARE(runs.size(), std::size_t(2));
        // Same seed, data and config: the same history (every metric of every epoch; only the
        // wall times differ), the same weights and the same final metrics, bit for bit.
        json history0 = runs[0].manifest["history"], history1 = runs[1].manifest["history"];
        QVERIFY(history0.is_object() && history0.size() > 1);
        history0.erase("seconds");
        history1.erase("seconds");
        QVERIFY2(history1 == history0, history1.dump().c_str());
        QVERIFY(!runs[0].model.value("weights", json()).empty());
        QVERIFY(runs[1].model.value("weights", json()) == runs[0].model.value("weights", json()));
        QVERIFY(runs[1].model.value("metrics", json()) == runs[0].model.value("metrics", json()));
        QCOMPARE(runs[1].manifest["config"]["seed"], json(1));
    }

    void errorsAreShownAndChangeNothing() {
        MainWindow w;
        useSmallRun(w, 3, "csv:/nonexistent/data.csv");
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        const std::string before = projectToJson(w.document()->project()).dump();
        QSignalSpy failed(w.trainingController(), &TrainingController::failed);
        w.startTraining();
        QVERIFY(failed.wait(30000) || failed.count() == 1);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QStringLiteral("data.csv")),
                 qPrintable(warnings.first()));
        QVERIFY(w.trainingPanel()->progressText().contains(QStringLiteral("failed")));
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
        QVERIFY(!w.document()->isModified());
    }

    void aDivergingRunIsReportedAndChangesNothing() {
        MainWindow w;
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("huge.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x,y\n");
        for (int i = 0; i < 64; ++i) f.write(QByteArray::number(i) + ",1e30\n");
        f.close();
        byom::Project p = w.document()->project();
        p.stacks[0].layers = byom::LayerSpec::listFromJson(
            json::parse(R"([{"name": "dense", "params": {"units": 4, "activation": "relu"}},
                            {"name": "dense", "params": {"units": 1, "activation": "linear"}}])"),
            "layers");
        p.stacks[0].inputShape = byom::Shape{1};
        p.stacks[0].numClasses = std::nullopt;
        p.data = "csv:" + csv.toStdString() + "?task=regression";
        p.training.epochs = 3;
        p.training.normalization = "none";  // standardised, targets of 1e30 would train fine
        w.document()->reset(p);
        const std::string before = projectToJson(w.document()->project()).dump();
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        QSignalSpy failed(w.trainingController(), &TrainingController::failed);
        w.startTraining();
        QVERIFY(failed.wait(30000) || failed.count() == 1);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QStringLiteral("the loss became Inf")),
                 qPrintable(warnings.first()));
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
        QVERIFY(w.document()->project().runs.empty());
    }

    void trainingOptionsAreUndoable() {
        MainWindow w;
        const std::string before = projectToJson(w.document()->project()).dump();
        ParamEditor* epochs = w.trainingPanel()->editor(QStringLiteral("epochs"));
        ParamEditor* kind = w.trainingPanel()->editor(QStringLiteral("schedule.kind"));
        QVERIFY(epochs && kind);
        epochs->submit(json(12));
        epochs->submit(json(13));  // merges with the first edit
        QCOMPARE(w.document()->project().training.epochs, 13);
        kind->submit(json("cosine"));
        QCOMPARE(w.document()->project().training.schedule.kind, std::string("cosine"));
        QCOMPARE(w.document()->undoStack()->count(), 2);
        w.document()->undoStack()->undo();
        w.document()->undoStack()->undo();
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
        // A config that does not hold together is refused with the reason.
        ParamEditor* weights = w.trainingPanel()->editor(QStringLiteral("class_weights"));
        weights->submit(json("custom"));
        QCOMPARE(w.document()->project().training.classWeights, std::string("none"));
        QVERIFY(weights->error().contains(QStringLiteral("class_weight_values")));
    }

    void smallLearningRatesAreShownAndTypedExactly() {
        MainWindow w;
        ParamEditor* lr = w.trainingPanel()->editor(QStringLiteral("learning_rate"));
        auto* box = qobject_cast<QDoubleSpinBox*>(lr->input());
        QVERIFY(box);
        // Typed in exponent notation, kept exactly, shown with significant digits.
        QLineEdit* line = box->findChild<QLineEdit*>();
        const QString shown = line->text();
        auto type = [&](const QString& text) {
            line->selectAll();
            QTest::keyClicks(line, text);
            QTest::keyClick(line, Qt::Key_Return);
        };
        type(QStringLiteral("3e-6"));
        QCOMPARE(w.document()->project().training.learningRate, 3e-6);
        QCOMPARE(line->text(), QStringLiteral("3e-06"));
        // Undo shows the previous value again, not a rounded one.
        w.document()->undoStack()->undo();
        QCOMPARE(line->text(), shown);
        type(QStringLiteral("0.001"));
        QCOMPARE(w.document()->project().training.learningRate, 0.001);
        // The arrows step by a tenth of the value's magnitude.
        box->stepBy(1);
        QCOMPARE(w.document()->project().training.learningRate, 0.0011);
        box->stepBy(-2);
        QCOMPARE(w.document()->project().training.learningRate, 0.0009);
        // Text that is not a number never becomes a value.
        line->selectAll();
        QTest::keyClicks(line, QStringLiteral("abc"));
        QCOMPARE(w.document()->project().training.learningRate, 0.0009);
    }

    void chartReadsValuesAndLogScale() {
        LossChart chart;
        chart.addEpoch(1, 1.0, 1.2, 0.5, 0.4);
        chart.addEpoch(2, 0.1, 0.3, 0.8, 0.7);
        QTRY_COMPARE(chart.pointCount(), 2);
        QLineSeries* loss = nullptr;
        for (QAbstractSeries* s : chart.chart()->series())
            if (s->name() == QStringLiteral("loss")) loss = static_cast<QLineSeries*>(s);
        QVERIFY(loss);
        QTRY_COMPARE(loss->count(), 2);
        Q_EMIT loss->hovered(QPointF(1.9, 0.2), true);
        QCOMPARE(chart.hoverText(), QStringLiteral("loss: epoch 2, 0.1"));
        chart.setLogScale(true);
        QVERIFY(chart.logScale());
        bool hasLog = false;
        for (QAbstractAxis* a : chart.chart()->axes(Qt::Vertical))
            hasLog = hasLog || qobject_cast<QLogValueAxis*>(a) != nullptr;
        QVERIFY(hasLog);
        QCOMPARE(loss->attachedAxes().size(), 2);
        chart.setLogScale(false);
        QVERIFY(!chart.logScale());
        for (QAbstractAxis* a : chart.chart()->axes(Qt::Vertical))
            QVERIFY(!qobject_cast<QLogValueAxis*>(a));
    }

    void trainCurvesGrowAsBatchesFinish() {
        LossChart chart;
        QLineSeries* loss = nullptr;
        QLineSeries* accuracy = nullptr;
        for (QAbstractSeries* s : chart.chart()->series()) {
            if (s->name() == QStringLiteral("loss")) loss = static_cast<QLineSeries*>(s);
            if (s->name() == QStringLiteral("accuracy")) accuracy = static_cast<QLineSeries*>(s);
        }
        QVERIFY(loss && accuracy);
        // Half of epoch 1: one provisional point, no finished epoch yet.
        chart.addBatch(0.5, 1.4, 0.3);
        QTRY_COMPARE(loss->count(), 1);
        QCOMPARE(loss->at(0), QPointF(0.5, 1.4));
        QCOMPARE(accuracy->at(0), QPointF(0.5, 0.3));
        QCOMPARE(chart.pointCount(), 0);
        Q_EMIT loss->hovered(QPointF(0.5, 1.4), true);
        QCOMPARE(chart.hoverText(), QStringLiteral("loss: epoch 0.50 (running), 1.4"));
        // The epoch's point replaces it; the next epoch's batches move a new tip.
        chart.addEpoch(1, 1.1, 1.2, 0.5, 0.4);
        chart.addBatch(1.25, 0.9, 0.6);
        QTRY_COMPARE(loss->count(), 2);
        QCOMPARE(loss->at(1), QPointF(1.25, 0.9));
        chart.addBatch(1.75, 0.8, 0.7);
        QTRY_COMPARE(loss->at(1), QPointF(1.75, 0.8));
        QCOMPARE(chart.liveLoss(), QPointF(1.75, 0.8));
        chart.addEpoch(2, 0.7, 0.9, 0.75, 0.6);
        QTRY_COMPARE(loss->at(1), QPointF(2, 0.7));
        QCOMPARE(loss->count(), 2);
        QCOMPARE(chart.pointCount(), 2);
        QVERIFY(chart.liveLoss().isNull());
        // Regression has no accuracy: NaN leaves the accuracy curve alone.
        chart.addBatch(2.5, 0.6, NAN);
        QTRY_COMPARE(loss->count(), 3);
        QCOMPARE(accuracy->count(), 2);
    }
};

QTEST_MAIN(TestTrainingViews)
#include "tst_trainingviews.moc"
