#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QShowEvent>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QTreeView>
#include <QUndoView>
#include <cmath>
#include <memory>

#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/decisiongrid.h"
#include "core/train/history.h"
#include "core/train/manifest.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"
#include "ui/commands/addrun.h"
#include "ui/commands/changedata.h"
#include "ui/data/datadialog.h"
#include "ui/data/dataview.h"
#include "ui/data/syntheticdialog.h"
#include "ui/designer/layerpalette.h"
#include "ui/designer/propertyeditor.h"
#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/designer/summarypanel.h"
#include "ui/document.h"
#include "ui/registry/registrypanel.h"
#include "ui/training/decisionboundaryview.h"
#include "ui/training/losschart.h"
#include "ui/training/metricspanel.h"
#include "ui/training/runspanel.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/window/appicon.h"
#include "ui/window/autosaver.h"
#include "ui/window/exportmenu.h"
#include "ui/window/importer.h"
#include "ui/window/recentfiles.h"

namespace byom::ui {

namespace {

const QString kProjectFilter = QObject::tr("BYOM projects (*.byom);;All files (*)");
const QString kJsonFilter = QObject::tr("JSON files (*.json);;All files (*)");

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_document(new Document(this)),
      m_stackModel(new StackModel(m_document, this)),
      m_training(new TrainingController(this)),
      m_prompter(Prompter::dialogs(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(appIcon());
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    m_stackEditor = new StackEditor(m_document, m_stackModel);
    m_chart = new LossChart;
    m_chart->setObjectName(QStringLiteral("lossChart"));
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_stackEditor);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({380, 320});
    setCentralWidget(splitter);

    m_palette = new LayerPalette;
    m_history = new QUndoView(m_document->undoStack());
    m_history->setObjectName(QStringLiteral("undoView"));
    m_history->setEmptyLabel(tr("<opened>"));
    m_properties = new PropertyEditor(m_document);
    m_summary = new SummaryPanel(m_document, m_stackModel);
    m_registry = new RegistryPanel(m_document, &m_prompter);
    m_registry->setInsertionPoint([this] { return m_stackEditor->insertionPoint(); });

    m_statusLabel = new QLabel(tr("Ready"));
    // One line that may be cut, never a wider window: the whole message is in the tooltip.
    m_statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLabel->setMinimumWidth(0);
    m_totalsLabel = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(240);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_totalsLabel);
    statusBar()->addPermanentWidget(m_progress);

    createFileMenu();
    createEditMenu();
    createTrainActions();
    QDockWidget* paletteDock =
        addDock(tr("Layers"), QStringLiteral("paletteDock"), m_palette, Qt::LeftDockWidgetArea);
    QDockWidget* historyDock =
        addDock(tr("History"), QStringLiteral("historyDock"), m_history, Qt::LeftDockWidgetArea);
    QDockWidget* propertiesDock = addDock(tr("Properties"), QStringLiteral("propertiesDock"),
                                          m_properties, Qt::RightDockWidgetArea);
    QDockWidget* summaryDock =
        addDock(tr("Summary"), QStringLiteral("summaryDock"), m_summary, Qt::RightDockWidgetArea);
    QDockWidget* registryDock = addDock(tr("Registry"), QStringLiteral("registryDock"), m_registry,
                                        Qt::RightDockWidgetArea);
    tabifyDockWidget(summaryDock, registryDock);
    createTrainingDocks();
    tabifyDockWidget(propertiesDock, dock(QStringLiteral("trainingDock")));
    tabifyDockWidget(historyDock, dock(QStringLiteral("runsDock")));
    tabifyDockWidget(registryDock, dock(QStringLiteral("boundaryDock")));
    tabifyDockWidget(dock(QStringLiteral("boundaryDock")), dock(QStringLiteral("metricsDock")));
    tabifyDockWidget(dock(QStringLiteral("metricsDock")), dock(QStringLiteral("dataDock")));
    summaryDock->raise();
    propertiesDock->raise();
    historyDock->raise();
    resizeDocks({paletteDock, historyDock}, {420, 200}, Qt::Vertical);
    resizeDocks({propertiesDock, summaryDock}, {330, 330}, Qt::Vertical);
    resizeDocks({paletteDock, propertiesDock}, {250, 400}, Qt::Horizontal);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BYOM Studio"), this, [this] {
        QMessageBox::about(this, tr("About BYOM Studio"),
                           tr("<b>BYOM Studio %1</b><p>Bring Your Own Model: design, train and "
                              "export small neural networks for signals and tables.</p>"
                              "<p>Built with Qt %2.</p>")
                               .arg(QStringLiteral(BYOM_VERSION), QString::fromLatin1(qVersion())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(m_palette, &LayerPalette::kindActivated, m_stackEditor, &StackEditor::addLayer);
    connect(
        m_stackEditor, &StackEditor::currentLayerChanged, m_properties,
        [this](const LayerPath& path, bool readOnly) { m_properties->setLayer(path, readOnly); });
    connect(m_stackEditor, &StackEditor::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_training, &TrainingController::epochFinished, this, &MainWindow::onEpoch);
    connect(m_training, &TrainingController::batchFinished, this, &MainWindow::onBatch);
    connect(m_training, &TrainingController::started, this, [this](int epochs, qint64 samples) {
        m_epochs = epochs;
        m_progress->setRange(0, epochs * 1000);
        m_progress->setValue(0);
        m_progress->setVisible(true);
        setStatus(tr("Training on %1 samples...").arg(samples));
    });
    connect(m_training, &TrainingController::finished, this, &MainWindow::onRunFinished);
    connect(m_training, &TrainingController::failed, this, [this](const QString& msg) {
        m_progress->setVisible(false);
        setStatus(tr("Training failed: %1").arg(msg));
        m_trainingPanel->runEnded(tr("Training failed: %1").arg(msg));
        m_prompter.warn(tr("Training failed"), msg);
    });
    connect(m_training, &TrainingController::runningChanged, this, &MainWindow::updateActions);
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::filePathChanged, this, &MainWindow::updateTitle);
    auto refreshTotals = [this] {
        const QString problem = m_stackModel->problem();
        m_totalsLabel->setText(
            problem.isEmpty()
                ? tr("Input %1, %2 parameters")
                      .arg(QString::fromStdString(m_document->currentStack().inputShape.toString()),
                           QLocale().toString(m_stackModel->totalParams()))
            : m_stackModel->issue() && m_stackModel->issue()->dataMismatch
                ? tr("\u26a0 the stack does not fit the data set")
                : tr("\u26a0 the stack does not fit together"));
        m_totalsLabel->setToolTip(problem);
        updateActions();
    };
    connect(m_stackModel, &StackModel::stackUpdated, this, refreshTotals);
    refreshTotals();
    m_autosaver = new Autosaver(m_document, Autosaver::defaultPath(), this);
    updateTitle();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::setStatus(const QString& text) {
    m_statusLabel->setText(text);
    m_statusLabel->setToolTip(text);
}

QString MainWindow::status() const {
    return m_statusLabel->text();
}

QDockWidget* MainWindow::dock(const QString& name) const {
    return findChild<QDockWidget*>(name);
}

void MainWindow::createTrainingDocks() {
    m_trainingPanel = new TrainingPanel(m_document);
    m_runs = new RunsPanel(m_document, &m_prompter);
    m_exportMenu->setSelectedRuns([this] { return m_runs->selectedRuns(); });
    auto* runExport = new QMenu(m_runs);
    runExport->addActions(m_exportMenu->runActions());
    connect(runExport, &QMenu::aboutToShow, m_exportMenu, &ExportMenu::refresh);
    m_runs->setExportMenu(runExport);
    m_metrics = new MetricsPanel;
    m_boundary = new DecisionBoundaryView;
    m_boundary->setObjectName(QStringLiteral("decisionBoundary"));
    m_dataView = new DataView(m_document);
    addDock(tr("Training"), QStringLiteral("trainingDock"), m_trainingPanel,
            Qt::RightDockWidgetArea);
    addDock(tr("Runs"), QStringLiteral("runsDock"), m_runs, Qt::LeftDockWidgetArea);
    // Short titles: these docks share the right column's tabs with Summary, Registry and Data.
    addDock(tr("Boundary"), QStringLiteral("boundaryDock"), m_boundary, Qt::RightDockWidgetArea);
    addDock(tr("Metrics"), QStringLiteral("metricsDock"), m_metrics, Qt::RightDockWidgetArea);
    addDock(tr("Data"), QStringLiteral("dataDock"), m_dataView, Qt::RightDockWidgetArea);

    connect(m_training, &TrainingController::started, m_trainingPanel, &TrainingPanel::runStarted);
    connect(m_training, &TrainingController::batchFinished, m_trainingPanel,
            [this](int epoch, int batch, int batches) {
                m_trainingPanel->batchDone(epoch, batch, batches);
            });
    connect(m_training, &TrainingController::epochFinished, m_trainingPanel,
            &TrainingPanel::epochDone);
    connect(m_training, &TrainingController::pointsReady, this,
            [this](const QList<QPointF>& points, const QList<int>& labels) {
                m_boundaryShown = true;
                m_boundary->setPoints(std::vector<QPointF>(points.begin(), points.end()),
                                      std::vector<int>(labels.begin(), labels.end()));
                QDockWidget* d = dock(QStringLiteral("boundaryDock"));
                d->show();
                d->raise();
            });
    connect(m_training, &TrainingController::decisionGridReady, m_boundary,
            &DecisionBoundaryView::setGrid);
    connect(m_training, &TrainingController::started, this, [this] {
        // The boundary needs a classifier with two input features; otherwise it stays hidden.
        if (!m_boundaryShown) dock(QStringLiteral("boundaryDock"))->hide();
    });
    connect(m_document, &Document::projectReplaced, this, [this] { ++m_projectGeneration; });
    connect(m_runs, &RunsPanel::selectionChanged, this, &MainWindow::showSelectedRuns);
    connect(m_runs, &RunsPanel::rerunRequested, this, &MainWindow::rerun);
    connect(m_document, &Document::dataShapeChanged, this, &MainWindow::restoreBoundary);
}

DataDialog* MainWindow::createDataDialog() {
    const QString path = m_document->filePath();
    return new DataDialog(m_document->project().training,
                          path.isEmpty() ? QString() : QFileInfo(path).absolutePath(), this);
}

void MainWindow::applyData(const DataDialog& dialog) {
    if (!dialog.isReady()) return;
    m_document->undoStack()->push(
        new ChangeData(m_document, dialog.spec(), dialog.dataHash(), dialog.training()));
    setStatus(tr("Data: %1").arg(QString::fromStdString(dialog.spec())));
}

void MainWindow::openData() {
    std::unique_ptr<DataDialog> dialog(createDataDialog());
    if (dialog->exec() == QDialog::Accepted) applyData(*dialog);
}

void MainWindow::applySynthetic(const std::string& spec) {
    if (spec == m_document->project().data) return;
    // Generated from the spec, so no content hash is needed to recognise it.
    m_document->undoStack()->push(
        new ChangeData(m_document, spec, std::string(), m_document->project().training));
    setStatus(tr("Data: %1").arg(QString::fromStdString(spec)));
}

void MainWindow::openSynthetic() {
    SyntheticDialog dialog(m_document->project().data, this);
    if (dialog.exec() == QDialog::Accepted) applySynthetic(dialog.spec());
}

void MainWindow::showSelectedRuns() {
    m_chart->setOverlays(m_runs->selectedCurves());
    const QList<int> selected = m_runs->selectedRuns();
    if (selected.size() != 1) return;
    const RunRecord& run =
        m_document->project().runs.at(static_cast<std::size_t>(selected.first()));
    m_metrics->setMetrics(run.model.value("metrics", json::object()),
                          QString::fromStdString(run.name));
}

void MainWindow::onRunFinished(bool stopped, const QString& message, const RunRecord& result) {
    m_progress->setVisible(false);
    RunRecord run = result;
    run.name = m_document->nextRunName();
    const QString name = QString::fromStdString(run.name);
    const QString text =
        stopped
            ? tr("%1 stopped (%2)").arg(name, message)
            : tr("%1 finished in %2")
                  .arg(name, QString::fromStdString(formatDuration(m_runTimer.elapsed() / 1e3)));
    setStatus(text);
    m_trainingPanel->runEnded(text);
    m_metrics->setMetrics(run.model.value("metrics", json::object()), name);
    if (!m_boundaryShown) dock(QStringLiteral("metricsDock"))->raise();
    // A run started before New or Open belongs to the project that was closed.
    if (m_runGeneration != m_projectGeneration) return;
    m_document->undoStack()->push(new AddRun(m_document, std::move(run)));
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& name, QWidget* widget,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), this,
                    [this] {
                        if (maybeSave()) newProject();
                    })
        ->setShortcut(QKeySequence::New);
    file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open..."), this,
                    &MainWindow::open)
        ->setShortcut(QKeySequence::Open);
    QMenu* recent = file->addMenu(tr("Open &Recent"));
    m_recent = new RecentFiles(recent, this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString& path) {
        if (maybeSave()) openProject(path);
    });
    file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this,
                    &MainWindow::save)
        ->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save &As..."), this, &MainWindow::saveAs)
        ->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("&Import Model or Params JSON..."), this, [this] {
        const QString path =
            m_prompter.openFile(tr("Import a byom-model or params file"), kJsonFilter);
        if (!path.isEmpty()) importFile(path);
    });
    file->addAction(tr("Open &Data..."), this, &MainWindow::openData)
        ->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    file->addAction(tr("S&ynthetic Data..."), this, &MainWindow::openSynthetic);
    m_exportMenu = new ExportMenu(m_document, &m_prompter, this);
    file->addMenu(m_exportMenu);
    connect(m_exportMenu, &ExportMenu::exported, this, [this](const QString& path) {
        setStatus(tr("Exported %1").arg(QFileInfo(path).fileName()));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
}

void MainWindow::createEditMenu() {
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    // Both usual redo keys, each once: the platform's list may hold either already, and a
    // key bound twice is ambiguous to Qt and does nothing.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence& k :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
        if (!redoKeys.contains(k)) redoKeys << k;
    redo->setShortcuts(redoKeys);
    undo->setObjectName(QStringLiteral("undoAction"));
    redo->setObjectName(QStringLiteral("redoAction"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    // Layer editing acts on the stack view; text fields keep their own shortcuts.
    auto add = [this, edit](const QString& text, const QKeySequence& key, auto slot,
                            const QString& name) {
        QAction* a = edit->addAction(text, m_stackEditor, slot);
        a->setShortcut(key);
        a->setObjectName(name);
        return a;
    };
    add(tr("Cu&t"), QKeySequence::Cut, &StackEditor::cutSelected, QStringLiteral("cutAction"));
    add(tr("&Copy"), QKeySequence::Copy, &StackEditor::copySelected, QStringLiteral("copyAction"));
    add(tr("&Paste"), QKeySequence::Paste, &StackEditor::paste, QStringLiteral("pasteAction"));
    add(tr("&Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), &StackEditor::duplicateSelected,
        QStringLiteral("duplicateAction"));
    add(tr("De&lete"), QKeySequence::Delete, &StackEditor::deleteSelected,
        QStringLiteral("deleteAction"));
    edit->addSeparator();
    edit->addAction(
            tr("Find &Layer..."), this,
            [this] { m_palette->findChild<QWidget*>(QStringLiteral("paletteSearch"))->setFocus(); })
        ->setShortcut(QKeySequence::Find);

    QMenu* stack = menuBar()->addMenu(tr("&Stack"));
    stack->addAction(tr("&New Stack"), m_stackEditor, &StackEditor::addStack)
        ->setShortcut(QKeySequence::AddTab);
    stack->addAction(tr("&Close Stack"), this,
                     [this] { m_stackEditor->closeStack(m_document->currentStackIndex()); });
    stack->addSeparator();
    stack
        ->addAction(tr("&Register as Architecture..."), this,
                    [this] { m_registry->registerCurrent(); })
        ->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    stack->addAction(tr("Insert &Flatten Fix"), m_stackEditor, &StackEditor::insertFlattenFix);
    stack->addAction(tr("Use the &Data Set's Shapes"), m_stackEditor,
                     &StackEditor::applyDataShapes);
    m_viewMenu = menuBar()->addMenu(tr("&View"));
}

void MainWindow::createTrainActions() {
    QMenu* train = menuBar()->addMenu(tr("&Train"));
    m_startAction = train->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start"),
                                     this, &MainWindow::startTraining);
    m_startAction->setObjectName(QStringLiteral("startAction"));
    m_startAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_pauseAction = train->addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_P);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_training->setPaused(paused);
        setStatus(paused ? tr("Paused") : tr("Training..."));
    });
    m_stopAction = train->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this,
                                    &MainWindow::stopTraining);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(Qt::CTRL | Qt::Key_Period);

    QToolBar* bar = addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_startAction);
    bar->addAction(m_pauseAction);
    bar->addAction(m_stopAction);
}

void MainWindow::updateActions() {
    const bool running = m_training->isRunning();
    m_startAction->setEnabled(!running && m_stackModel->problem().isEmpty());
    m_startAction->setToolTip(m_stackModel->problem().isEmpty()
                                  ? tr("Train the current stack (Ctrl+R)")
                                  : tr("Fix the stack first: %1").arg(m_stackModel->problem()));
    m_stopAction->setEnabled(running);
    m_pauseAction->setEnabled(running);
    if (!running) {
        const QSignalBlocker block(m_pauseAction);
        m_pauseAction->setChecked(false);
    }
}

void MainWindow::updateTitle() {
    const QString path = m_document->filePath();
    const QString name = path.isEmpty() ? tr("untitled") : QFileInfo(path).fileName();
    setWindowTitle(name + QStringLiteral("[*] - BYOM Studio"));
    setWindowModified(m_document->isModified());
}

void MainWindow::startTraining() {
    if (m_training->isRunning()) return;
    // The worker trains the project's first stack: put the current one there.
    Project snapshot = m_document->project();
    std::rotate(snapshot.stacks.begin(), snapshot.stacks.begin() + m_document->currentStackIndex(),
                snapshot.stacks.begin() + m_document->currentStackIndex() + 1);
    beginRun(snapshot, tr("Loading data..."));
}

void MainWindow::rerun(int index) {
    if (m_training->isRunning()) return;
    const Project& project = m_document->project();
    if (index < 0 || index >= static_cast<int>(project.runs.size())) return;
    const RunRecord& run = project.runs[static_cast<std::size_t>(index)];
    Project snapshot = project;
    try {
        const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
        if (manifest.dataSpec.empty())
            throw Error(run.name +
                        " has no data spec (an imported model): train its stack on a data set "
                        "instead");
        if (manifest.architecture.value("name", std::string()) != "stack")
            throw Error(run.name + " was trained from architecture \"" +
                        manifest.architecture.value("name", std::string()) +
                        "\"; only runs of a layer stack can be re-run here");
        StackEntry stack{
            run.stack.empty() ? std::string("stack") : run.stack,
            Shape(run.model.value("input_shape", json::array({2})).get<std::vector<Index>>()),
            manifest.numClasses,
            {}};
        stack.layers = LayerSpec::listFromJson(
            manifest.architecture.value("params", json::object()).value("layers", json::array()),
            run.name + ".architecture.params.layers");
        // Runs from before stacks trained exactly as shown got their softmax head added out
        // of sight: the re-run trains the same model, with the head in the open.
        appendClassifierHead(stack.layers, manifest.numClasses);
        snapshot.training = manifest.config;
        snapshot.data = manifest.dataSpec;
        snapshot.stacks.insert(snapshot.stacks.begin(), std::move(stack));
    } catch (const std::exception& e) {
        m_prompter.warn(tr("Cannot re-run"), QString::fromStdString(e.what()));
        return;
    }
    beginRun(snapshot, tr("Re-running %1...").arg(QString::fromStdString(run.name)));
}

void MainWindow::beginRun(const Project& snapshot, const QString& status) {
    m_chart->clear();
    m_boundary->clear();
    m_boundaryShown = false;
    m_runGeneration = m_projectGeneration;
    m_runTimer.start();
    const QString path = m_document->filePath();
    m_training->start(snapshot, path.isEmpty() ? QString() : QFileInfo(path).absolutePath());
    setStatus(status);
}

void MainWindow::stopTraining() {
    m_training->stop();
}

void MainWindow::onEpoch(const EpochRecord& r, int epochs) {
    m_chart->addEpoch(r.epoch, r.loss, r.valLoss, r.accuracy, r.valAccuracy);
    m_progress->setValue(r.epoch * 1000);
    const double elapsed = m_runTimer.elapsed() / 1000.0;
    const double left = elapsed / r.epoch * (epochs - r.epoch);
    QString text = tr("Epoch %1/%2  loss %3").arg(r.epoch).arg(epochs).arg(r.loss, 0, 'f', 4);
    if (std::isfinite(r.valAccuracy)) text += tr("  val accuracy %1").arg(r.valAccuracy, 0, 'f', 3);
    text += left < 0.5 ? tr("  under a second left") : tr("  %1 s left").arg(left, 0, 'f', 0);
    setStatus(text);
}

void MainWindow::onBatch(int epoch, int batch, int batches, double loss, double accuracy) {
    m_progress->setValue((epoch - 1) * 1000 + batch * 1000 / std::max(1, batches));
    m_chart->addBatch(epoch - 1 + double(batch) / std::max(1, batches), loss, accuracy);
}

bool MainWindow::openProject(const QString& path) {
    QString error;
    if (!m_document->load(path, &error)) {
        m_prompter.warn(tr("Cannot open project"), error);
        return false;
    }
    m_recent->add(path);
    showLatestRun();
    setStatus(tr("Opened %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::showLatestRun() {
    m_chart->clear();
    m_metrics->clear();
    m_boundary->clear();
    m_boundaryShown = false;
    // The boundary is drawn by a run in progress on two-feature data; none runs now.
    dock(QStringLiteral("boundaryDock"))->hide();
    const std::vector<RunRecord>& runs = m_document->project().runs;
    if (runs.empty()) return;
    const RunRecord& run = runs.back();
    try {
        const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
        for (const EpochRecord& r : manifest.history.epochs)
            m_chart->addEpoch(r.epoch, r.loss, r.valLoss, r.accuracy, r.valAccuracy);
    } catch (const std::exception&) {
        // An imported model has no history: its metrics still show.
    }
    m_metrics->setMetrics(run.model.value("metrics", json::object()),
                          QString::fromStdString(run.name));
    dock(QStringLiteral("metricsDock"))->raise();
    m_restoreBoundary = true;
    restoreBoundary();
}

void MainWindow::restoreBoundary() {
    const std::shared_ptr<const Dataset> data = m_dataView->dataset();
    if (!m_restoreBoundary || !m_document->dataShape() || !data) return;  // not loaded yet
    m_restoreBoundary = false;
    const std::vector<RunRecord>& runs = m_document->project().runs;
    if (runs.empty() || data->task != Task::Classification || data->inputShape != Shape{2}) return;
    try {
        const RunRecord& run = runs.back();
        const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
        if (manifest.dataSpec != m_document->project().data) return;  // trained on other data
        TrainedModel trained = modelFromJson(run.model, run.name);
        if (trained.model->inputShape() != Shape{2}) return;
        // The run's own validation split, normalised as the run saw it.
        auto [train, val] = splitDataset(*data, manifest.config.valSplit, manifest.config.seed);
        Dataset& shown = val.size() ? val : train;
        if (!trained.normalization.is_null())
            Normalizer::fromJson(trained.normalization).apply(shown);
        std::vector<QPointF> points;
        std::vector<int> labels;
        for (Index j = 0; j < shown.size() && j < 2000; ++j) {
            points.emplace_back(shown.x(0, j), shown.x(1, j));
            labels.push_back(shown.labels[static_cast<std::size_t>(j)]);
        }
        m_boundary->setPoints(std::move(points), std::move(labels));
        m_boundary->setGrid(computeDecisionGrid(*trained.model, shown.x));
        m_boundaryShown = true;
        dock(QStringLiteral("boundaryDock"))->show();
    } catch (const std::exception&) {
        // A run whose model or manifest does not read back shows no boundary.
    }
}

void MainWindow::newProject() {
    Project p = exampleProject();
    p.stacks = {{"stack", Shape{2}, std::nullopt, {}}};
    p.architectures.clear();
    p.runs.clear();
    m_document->reset(std::move(p));
    m_chart->clear();
    m_metrics->clear();
    m_boundary->clear();
    setStatus(tr("New project"));
}

bool MainWindow::offerRecovery() {
    auto recovery = Autosaver::pending(m_autosaver->recoveryPath());
    if (!recovery) return false;
    const QString from = recovery->path.isEmpty() ? tr("an untitled project") : recovery->path;
    if (!m_prompter.confirm(tr("Restore unsaved work"),
                            tr("BYOM Studio did not close normally. Restore the unsaved changes "
                               "to %1?")
                                .arg(from))) {
        m_autosaver->discard();
        return false;
    }
    m_document->reset(recovery->project, recovery->path);
    // The restored work is not on disk yet: the project stays modified until saved.
    m_document->undoStack()->resetClean();
    updateTitle();
    return true;
}

void MainWindow::open() {
    if (!maybeSave()) return;
    const QString path = m_prompter.openFile(tr("Open project"), kProjectFilter);
    if (!path.isEmpty()) openProject(path);
}

bool MainWindow::saveTo(const QString& path) {
    QString error;
    if (!m_document->save(path, &error)) {
        m_prompter.warn(tr("Cannot save project"), error);
        return false;
    }
    m_recent->add(path);
    setStatus(tr("Saved %1").arg(QFileInfo(path).fileName()));
    return true;
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty()) return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs() {
    QString path = m_prompter.saveFile(tr("Save project"), kProjectFilter);
    if (path.isEmpty()) return false;
    if (!path.endsWith(QStringLiteral(".byom"))) path += QStringLiteral(".byom");
    return saveTo(path);
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified()) return true;
    switch (m_prompter.askSave(tr("The project has unsaved changes. Save them?"))) {
        case Prompter::SaveAnswer::Save:
            return save();
        case Prompter::SaveAnswer::Discard:
            return true;
        case Prompter::SaveAnswer::Cancel:
            return false;
    }
    return false;
}

bool MainWindow::importFile(const QString& path) {
    return Importer(m_document, &m_prompter).importFile(path);
}

bool MainWindow::exportParams(const QString& path) {
    return m_exportMenu->exportStack(QStringLiteral("params"), path);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    // Before the first show the docks' minimum sizes are not settled and a resize in the
    // constructor can come out far taller than asked; size the window once it is shown.
    if (m_sized) return;
    m_sized = true;
    resize(1280, 800);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_training->stop();
    m_autosaver->discard();
    event->accept();
}

}  // namespace byom::ui
