#pragma once

#include <QElapsedTimer>
#include <QMainWindow>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QProgressBar;
class QTreeView;
QT_END_NAMESPACE

namespace byom {
struct EpochRecord;
}

namespace byom::ui {

class Document;
class LossChart;
class StackModel;
class TrainingController;

/// The main window: the layer stack on the left, the learning curves on the right, training
/// controls in the toolbar and progress in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Document* document() const { return m_document; }
    TrainingController* trainingController() const { return m_training; }
    LossChart* lossChart() const { return m_chart; }
    /// Opens a project file; shows a message box and keeps the current project on failure.
    bool openProject(const QString& path);

public Q_SLOTS:
    void startTraining();
    void stopTraining();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void updateTitle();
    void updateActions();
    void onEpoch(const byom::EpochRecord& record, int epochs);
    void onBatch(int epoch, int batch, int batches, double loss);
    void open();
    bool save();
    bool saveAs();
    bool maybeSave();

    Document* m_document;
    StackModel* m_stackModel;
    TrainingController* m_training;
    QTreeView* m_stackView;
    LossChart* m_chart;
    QLabel* m_summaryLabel;
    QLabel* m_statusLabel;
    QProgressBar* m_progress;
    QAction* m_startAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QElapsedTimer m_runTimer;
    int m_epochs = 0;
};

}  // namespace byom::ui
