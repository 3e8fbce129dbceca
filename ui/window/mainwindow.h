#pragma once

#include <QMainWindow>

#include "core/project/project.h"
#include "ui/widgets/prompter.h"

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QUndoView;
QT_END_NAMESPACE

namespace byom::ui {

class Autosaver;
class DataDialog;
class DataView;
class DecisionBoundaryView;
class DeployPanel;
class Document;
class ExportMenu;
class LayerPalette;
class LossChart;
class MetricsPanel;
class PropertyEditor;
class RecentFiles;
class RegistryPanel;
class RunsPanel;
class RunViews;
class SequenceFramesView;
class StackEditor;
class StackModel;
class SummaryPanel;
class TrainingController;
class TrainingPanel;

/// The main window: the layer palette and undo history on the left, the stack editor and the
/// learning curves in the middle, properties, summary, registry and deploy on the right; files,
/// editing, training and help in the menus; progress in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Document* document() const { return m_document; }
    StackModel* stackModel() const { return m_stackModel; }
    TrainingController* trainingController() const { return m_training; }
    LossChart* lossChart() const { return m_chart; }
    LayerPalette* palette() const { return m_palette; }
    StackEditor* stackEditor() const { return m_stackEditor; }
    PropertyEditor* propertyEditor() const { return m_properties; }
    SummaryPanel* summaryPanel() const { return m_summary; }
    RegistryPanel* registryPanel() const { return m_registry; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    DecisionBoundaryView* boundaryView() const { return m_boundary; }
    SequenceFramesView* framesView() const { return m_frames; }
    RunsPanel* runsPanel() const { return m_runs; }
    RunViews* runViews() const { return m_runViews; }
    TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    DataView* dataView() const { return m_dataView; }
    DeployPanel* deployPanel() const { return m_deploy; }
    ExportMenu* exportMenu() const { return m_exportMenu; }
    /// A dock by its object name ("runsDock", "boundaryDock", ...).
    QDockWidget* dock(const QString& name) const;
    Autosaver* autosaver() const { return m_autosaver; }
    /// The questions the window asks; tests replace the answers.
    Prompter& prompter() { return m_prompter; }

    /// The status bar's message (cut to one line; the whole of it is its tooltip).
    void setStatus(const QString& text);
    QString status() const;

    /// Opens a project file; reports failure and keeps the current project.
    bool openProject(const QString& path);
    /// Offers to restore a project an earlier session did not save (after a crash).
    bool offerRecovery();
    /// Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();
    bool saveTo(const QString& path);
    void newProject();
    /// Imports a byom-model file (a new stack and a kept run with its weights) or a params
    /// file ({"name", "params"} or a HeartKit task config: a new stack); one undo step.
    bool importFile(const QString& path);
    /// Writes the current stack as HeartKit NamedParams {"name": "stack", "params"}.
    bool exportParams(const QString& path);
    /// The Open Data dialog for this project (not shown; the caller owns it).
    DataDialog* createDataDialog();
    /// Makes the dialog's choice the project's data set (one undo step).
    void applyData(const DataDialog& dialog);
    /// Makes a synthetic data spec the project's data set (one undo step).
    void applySynthetic(const std::string& spec);

public Q_SLOTS:
    void startTraining();
    void stopTraining();
    /// Trains again with a kept run's stack, data spec and config (seed included).
    void rerun(int index);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    QDockWidget* addDock(const QString& title, const QString& name, QWidget* widget,
                         Qt::DockWidgetArea area);
    void createFileMenu();
    void createEditMenu();
    void createTrainActions();
    void createTrainingDocks();
    void openData();
    void openSynthetic();
    void updateTitle();
    void updateActions();
    void open();
    bool save();
    bool saveAs();

    Document* m_document;
    StackModel* m_stackModel;
    TrainingController* m_training;
    Prompter m_prompter;
    LayerPalette* m_palette;
    StackEditor* m_stackEditor;
    PropertyEditor* m_properties;
    SummaryPanel* m_summary;
    RegistryPanel* m_registry;
    QUndoView* m_history;
    LossChart* m_chart;
    MetricsPanel* m_metrics;
    DecisionBoundaryView* m_boundary;
    SequenceFramesView* m_frames;
    RunsPanel* m_runs;
    TrainingPanel* m_trainingPanel;
    DataView* m_dataView;
    DeployPanel* m_deploy = nullptr;
    ExportMenu* m_exportMenu = nullptr;
    RunViews* m_runViews = nullptr;
    bool m_sized = false;
    RecentFiles* m_recent = nullptr;
    Autosaver* m_autosaver;
    QLabel* m_statusLabel;
    QLabel* m_totalsLabel;
    QProgressBar* m_progress;
    QMenu* m_viewMenu = nullptr;
    QAction* m_startAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_pauseAction = nullptr;
};

}  // namespace byom::ui
