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
#include <memory>

#include "core/util/fileio.h"
#include "ui/commands/changedata.h"
#include "ui/data/datadialog.h"
#include "ui/data/dataview.h"
#include "ui/data/syntheticdialog.h"
#include "ui/deploy/deploypanel.h"
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
#include "ui/training/runviews.h"
#include "ui/training/sequenceframesview.h"
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
    tabifyDockWidget(dock(QStringLiteral("trainingDock")), dock(QStringLiteral("deployDock")));
    tabifyDockWidget(historyDock, dock(QStringLiteral("runsDock")));
    tabifyDockWidget(registryDock, dock(QStringLiteral("boundaryDock")));
    tabifyDockWidget(dock(QStringLiteral("boundaryDock")), dock(QStringLiteral("metricsDock")));
    tabifyDockWidget(dock(QStringLiteral("metricsDock")), dock(QStringLiteral("framesDock")));
    tabifyDockWidget(dock(QStringLiteral("framesDock")), dock(QStringLiteral("dataDock")));
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
    m_frames = new SequenceFramesView;
    m_frames->setObjectName(QStringLiteral("sequenceFrames"));
    m_dataView = new DataView(m_document);
    addDock(tr("Training"), QStringLiteral("trainingDock"), m_trainingPanel,
            Qt::RightDockWidgetArea);
    addDock(tr("Runs"), QStringLiteral("runsDock"), m_runs, Qt::LeftDockWidgetArea);
    // Short titles: these docks share the right column's tabs with Summary, Registry and Data.
    addDock(tr("Boundary"), QStringLiteral("boundaryDock"), m_boundary, Qt::RightDockWidgetArea);
    addDock(tr("Metrics"), QStringLiteral("metricsDock"), m_metrics, Qt::RightDockWidgetArea);
    addDock(tr("Frames"), QStringLiteral("framesDock"), m_frames, Qt::RightDockWidgetArea);
    addDock(tr("Data"), QStringLiteral("dataDock"), m_dataView, Qt::RightDockWidgetArea);
    m_deploy = new DeployPanel(m_document, m_stackModel);
    m_deploy->setExportMenu(m_exportMenu, &m_prompter);
    addDock(tr("Deploy"), QStringLiteral("deployDock"), m_deploy, Qt::RightDockWidgetArea);

    m_runViews = new RunViews(
        m_document, m_training, &m_prompter,
        {m_chart, m_metrics, m_boundary, m_runs, m_trainingPanel, m_dataView, m_progress,
         dock(QStringLiteral("boundaryDock")), dock(QStringLiteral("metricsDock")), m_frames,
         dock(QStringLiteral("framesDock"))},
        this);
    connect(m_runViews, &RunViews::statusChanged, this, &MainWindow::setStatus);
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
    m_runViews->startTraining();
}

void MainWindow::rerun(int index) {
    m_runViews->rerun(index);
}

void MainWindow::stopTraining() {
    m_training->stop();
}

bool MainWindow::openProject(const QString& path) {
    QString error;
    if (!m_document->load(path, &error)) {
        m_prompter.warn(tr("Cannot open project"), error);
        return false;
    }
    m_recent->add(path);
    m_runViews->showLatestRun();
    setStatus(tr("Opened %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::newProject() {
    Project p = exampleProject();
    p.stacks = {{"stack", Shape{2}, std::nullopt, {}}};
    p.architectures.clear();
    p.runs.clear();
    m_document->reset(std::move(p));
    m_runViews->clear();
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
