#pragma once

#include <QList>
#include <QWidget>

#include "ui/training/losschart.h"

QT_BEGIN_NAMESPACE
class QMenu;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace byom {
struct RunRecord;
}

namespace byom::ui {

class Document;
struct Prompter;

/// The training runs kept in the project: one row per run (name, stack, outcome, epochs,
/// final metrics). Selected runs are compared in the learning-curve chart; rename and delete
/// are undo commands; re-run trains again with a run's config; export writes its model.
class RunsPanel : public QWidget {
    Q_OBJECT

public:
    RunsPanel(Document* document, Prompter* prompter, QWidget* parent = nullptr);

    QTreeWidget* view() const { return m_view; }
    QList<int> selectedRuns() const;
    void selectRuns(const QList<int>& indices);
    /// The learning curves of the selected runs (from their manifests' histories).
    QList<LossChart::Curves> selectedCurves() const;
    /// The Export button's menu: the export actions of the selected run, one per format.
    void setExportMenu(QMenu* menu);

    static LossChart::Curves curvesOf(const RunRecord& run);

public Q_SLOTS:
    void renameSelected();
    void deleteSelected();
    void rerunSelected();

Q_SIGNALS:
    void selectionChanged();
    /// The user asked to train again with run `index`'s config, data and architecture.
    void rerunRequested(int index);

private:
    void refresh();
    void updateButtons();

    Document* m_document;
    Prompter* m_prompter;
    QTreeWidget* m_view;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QPushButton* m_rerun;
    QPushButton* m_export;
};

}  // namespace byom::ui
