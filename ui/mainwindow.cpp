#include "ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <cmath>

#include "core/train/history.h"
#include "ui/document.h"
#include "ui/losschart.h"
#include "ui/stackmodel.h"
#include "ui/trainingcontroller.h"

namespace byom::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_document(new Document(this)),
      m_stackModel(new StackModel(m_document, this)),
      m_training(new TrainingController(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 6, 6);
    auto* heading = new QLabel(tr("<b>Layer stack</b>"));
    m_stackView = new QTreeView;
    m_stackView->setObjectName(QStringLiteral("stackView"));
    m_stackView->setModel(m_stackModel);
    m_stackView->setAlternatingRowColors(true);
    m_stackView->setRootIsDecorated(true);
    m_stackView->header()->setStretchLastSection(false);
    m_stackView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summaryLabel = new QLabel;
    m_summaryLabel->setWordWrap(true);
    leftLayout->addWidget(heading);
    leftLayout->addWidget(m_stackView, 1);
    leftLayout->addWidget(m_summaryLabel);

    m_chart = new LossChart;
    m_chart->setObjectName(QStringLiteral("lossChart"));
    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({440, 660});
    setCentralWidget(splitter);

    m_statusLabel = new QLabel(tr("Ready"));
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(240);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);

    createActions();
    connect(m_training, &TrainingController::epochFinished, this, &MainWindow::onEpoch);
    connect(m_training, &TrainingController::batchFinished, this, &MainWindow::onBatch);
    connect(m_training, &TrainingController::started, this, [this](int epochs, qint64 samples) {
        m_epochs = epochs;
        m_progress->setRange(0, epochs * 1000);
        m_progress->setValue(0);
        m_progress->setVisible(true);
        m_statusLabel->setText(tr("Training on %1 samples...").arg(samples));
    });
    connect(m_training, &TrainingController::finished, this, [this](bool stopped, const QString& msg) {
        m_progress->setVisible(false);
        m_statusLabel->setText(stopped ? tr("Stopped (%1)").arg(msg)
                                       : tr("Training finished in %1 s").arg(m_runTimer.elapsed() / 1000.0, 0, 'f', 1));
    });
    connect(m_training, &TrainingController::failed, this, [this](const QString& msg) {
        m_progress->setVisible(false);
        m_statusLabel->setText(tr("Training failed"));
        QMessageBox::warning(this, tr("Training failed"), msg);
    });
    connect(m_training, &TrainingController::runningChanged, this, &MainWindow::updateActions);
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::filePathChanged, this, &MainWindow::updateTitle);
    auto refreshSummary = [this] {
        const QString problem = m_stackModel->problem();
        m_summaryLabel->setText(problem.isEmpty()
                                    ? tr("Input %1, %2 parameters")
                                          .arg(QString::fromStdString(m_document->currentStack().inputShape.toString()))
                                          .arg(QLocale().toString(m_stackModel->totalParams()))
                                    : QStringLiteral("<span style='color:#c02020'>%1</span>").arg(problem.toHtmlEscaped()));
        m_stackView->expandAll();
        updateActions();
    };
    connect(m_stackModel, &QAbstractItemModel::modelReset, this, refreshSummary);
    refreshSummary();
    updateTitle();
    resize(1100, 640);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openAction = file->addAction(tr("&Open..."), this, &MainWindow::open);
    openAction->setShortcut(QKeySequence::Open);
    QAction* saveAction = file->addAction(tr("&Save"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction* saveAsAction = file->addAction(tr("Save &As..."), this, &MainWindow::saveAs);
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* train = menuBar()->addMenu(tr("&Train"));
    m_startAction = train->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start"),
                                     this, &MainWindow::startTraining);
    m_startAction->setObjectName(QStringLiteral("startAction"));
    m_startAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_pauseAction = train->addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_training->setPaused(paused);
        m_statusLabel->setText(paused ? tr("Paused") : tr("Training..."));
    });
    m_stopAction = train->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this,
                                    &MainWindow::stopTraining);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(Qt::CTRL | Qt::Key_Period);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BYOM Studio"), this, [this] {
        QMessageBox::about(this, tr("About BYOM Studio"),
                           tr("<b>BYOM Studio %1</b><p>Design, train and export small neural "
                              "networks for signals and tables.</p>")
                               .arg(QStringLiteral(BYOM_VERSION)));
    });

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
    m_stopAction->setEnabled(running);
    m_pauseAction->setEnabled(running);
    if (!running) {
        const QSignalBlocker block(m_pauseAction);
        m_pauseAction->setChecked(false);
    }
}

void MainWindow::updateTitle() {
    const QString path = m_document->filePath();
    const QString name = path.isEmpty() ? tr("example") : QFileInfo(path).fileName();
    setWindowTitle(name + (m_document->isModified() ? QStringLiteral("*") : QString()) +
                   QStringLiteral(" - BYOM Studio"));
}

void MainWindow::startTraining() {
    if (m_training->isRunning()) return;
    m_chart->clear();
    m_runTimer.start();
    const QString path = m_document->filePath();
    m_training->start(m_document->project(),
                      path.isEmpty() ? QString() : QFileInfo(path).absolutePath());
    m_statusLabel->setText(tr("Loading data..."));
}

void MainWindow::stopTraining() { m_training->stop(); }

void MainWindow::onEpoch(const EpochRecord& r, int epochs) {
    m_chart->addEpoch(r.epoch, r.loss, r.valLoss, r.accuracy, r.valAccuracy);
    m_progress->setValue(r.epoch * 1000);
    const double elapsed = m_runTimer.elapsed() / 1000.0;
    const double left = elapsed / r.epoch * (epochs - r.epoch);
    QString text = tr("Epoch %1/%2  loss %3").arg(r.epoch).arg(epochs).arg(r.loss, 0, 'f', 4);
    if (std::isfinite(r.valAccuracy)) text += tr("  val accuracy %1").arg(r.valAccuracy, 0, 'f', 3);
    text += tr("  %1 s left").arg(left, 0, 'f', 0);
    m_statusLabel->setText(text);
}

void MainWindow::onBatch(int epoch, int batch, int batches, double) {
    m_progress->setValue((epoch - 1) * 1000 + batch * 1000 / std::max(1, batches));
}

bool MainWindow::openProject(const QString& path) {
    QString error;
    if (!m_document->load(path, &error)) {
        QMessageBox::warning(this, tr("Cannot open project"), error);
        return false;
    }
    m_chart->clear();
    m_statusLabel->setText(tr("Opened %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::open() {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("BYOM projects (*.byom);;All files (*)"));
    if (!path.isEmpty()) openProject(path);
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty()) return saveAs();
    QString error;
    if (!m_document->save(m_document->filePath(), &error)) {
        QMessageBox::warning(this, tr("Cannot save project"), error);
        return false;
    }
    m_statusLabel->setText(tr("Saved"));
    return true;
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save project"), QString(),
                                                tr("BYOM projects (*.byom)"));
    if (path.isEmpty()) return false;
    if (!path.endsWith(QStringLiteral(".byom"))) path += QStringLiteral(".byom");
    QString error;
    if (!m_document->save(path, &error)) {
        QMessageBox::warning(this, tr("Cannot save project"), error);
        return false;
    }
    return true;
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified()) return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("The project has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_training->stop();
    event->accept();
}

}  // namespace byom::ui
