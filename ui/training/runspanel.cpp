#include "ui/training/runspanel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>

#include "core/project/project.h"
#include "core/train/manifest.h"
#include "core/util/strings.h"
#include "ui/commands/removerun.h"
#include "ui/commands/renamerun.h"
#include "ui/document.h"
#include "ui/widgets/prompter.h"

namespace byom::ui {

namespace {

// What a comparison needs, in a narrow panel: the run, its result, its length (with the
// outcome when the run did not complete); the stack and start time are in each row's tooltip.
enum Column { NameColumn, MetricColumn, EpochsColumn };

/// The run's history (its manifest was checked when the project was opened).
History historyOf(const RunRecord& run) {
    try {
        return History::fromJson(run.manifest.value("history", json::array()));
    } catch (const std::exception&) {
        return {};
    }
}

QString metricText(const RunRecord& run) {
    const json& m = run.manifest.value("metrics", json::object());
    if (m.contains("accuracy") && m["accuracy"].is_number())
        return QObject::tr("%1%").arg(100.0 * m["accuracy"].get<double>(), 0, 'f', 1);
    if (m.contains("r2") && m["r2"].is_number())
        return QObject::tr("R² %1").arg(m["r2"].get<double>(), 0, 'f', 3);
    if (m.contains("loss") && m["loss"].is_number())
        return QObject::tr("loss %1").arg(m["loss"].get<double>(), 0, 'g', 4);
    return {};
}

}  // namespace

RunsPanel::RunsPanel(Document* document, Prompter* prompter, QWidget* parent)
    : QWidget(parent), m_document(document), m_prompter(prompter) {
    setObjectName(QStringLiteral("runsPanel"));
    m_view = new QTreeWidget;
    m_view->setObjectName(QStringLiteral("runsView"));
    m_view->setRootIsDecorated(false);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setHeaderLabels({tr("Run"), tr("Final"), tr("Epochs")});
    m_view->headerItem()->setToolTip(MetricColumn,
                                     tr("Validation accuracy (R² or loss for regression) of the "
                                        "kept weights"));
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setToolTip(tr("Select runs to compare their curves; F2 renames, Delete deletes"));
    m_rename = new QPushButton(tr("Rename"));
    m_delete = new QPushButton(tr("Delete"));
    m_rerun = new QPushButton(tr("Re-run"));
    m_rerun->setToolTip(tr("Train again with this run's stack, data, config and seed"));
    m_export = new QPushButton(tr("Export model"));
    m_export->setToolTip(tr("Write the run's trained model in any export format"));
    m_rename->setObjectName(QStringLiteral("renameRunButton"));
    m_delete->setObjectName(QStringLiteral("deleteRunButton"));
    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    m_export->setObjectName(QStringLiteral("exportRunButton"));
    connect(m_rename, &QPushButton::clicked, this, &RunsPanel::renameSelected);
    connect(m_delete, &QPushButton::clicked, this, &RunsPanel::deleteSelected);
    connect(m_rerun, &QPushButton::clicked, this, &RunsPanel::rerunSelected);
    // Two rows, so the panel fits a narrow dock.
    auto* buttons = new QGridLayout;
    buttons->addWidget(m_rename, 0, 0);
    buttons->addWidget(m_delete, 0, 1);
    buttons->addWidget(m_rerun, 1, 0);
    buttons->addWidget(m_export, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    connect(m_view, &QTreeWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        Q_EMIT selectionChanged();
    });
    connect(m_view, &QTreeWidget::itemDoubleClicked, this, [this] { renameSelected(); });
    connect(document, &Document::runsChanged, this, &RunsPanel::refresh);
    refresh();
}

void RunsPanel::refresh() {
    const QList<int> selected = selectedRuns();
    {
        const QSignalBlocker block(m_view);
        m_view->clear();
        for (const RunRecord& run : m_document->project().runs) {
            auto* item = new QTreeWidgetItem(m_view);
            item->setText(NameColumn, QString::fromStdString(run.name));
            const std::string outcome = run.manifest.value("outcome", std::string());
            const History history = historyOf(run);
            QString epochs =
                QString::number(history.epochs.empty() ? 0 : history.epochs.back().epoch);
            if (outcome == "early_stopped")
                epochs += tr(" early");
            else if (!outcome.empty() && outcome != "completed")
                epochs += QLatin1Char(' ') + QString::fromStdString(outcome);
            item->setText(EpochsColumn, epochs);
            item->setText(MetricColumn, metricText(run));
            QString tip =
                tr("%1: stack %2, started %3")
                    .arg(QString::fromStdString(outcome), QString::fromStdString(run.stack),
                         QString::fromStdString(run.manifest.value("started_at", std::string())));
            if (const double seconds = run.manifest.value("seconds", 0.0); seconds > 0.0)
                tip += tr(", trained in %1").arg(QString::fromStdString(formatDuration(seconds)));
            const std::string message = run.manifest.value("message", std::string());
            if (!message.empty()) tip += QLatin1Char('\n') + QString::fromStdString(message);
            for (int c = 0; c < m_view->columnCount(); ++c) item->setToolTip(c, tip);
        }
    }
    selectRuns(selected);
    updateButtons();
    Q_EMIT selectionChanged();
}

void RunsPanel::updateButtons() {
    const int n = static_cast<int>(selectedRuns().size());
    m_rename->setEnabled(n == 1);
    m_delete->setEnabled(n >= 1);
    m_rerun->setEnabled(n == 1);
    m_export->setEnabled(n == 1);
}

QList<int> RunsPanel::selectedRuns() const {
    QList<int> out;
    for (int i = 0; i < m_view->topLevelItemCount(); ++i)
        if (m_view->topLevelItem(i)->isSelected()) out.append(i);
    return out;
}

void RunsPanel::selectRuns(const QList<int>& indices) {
    const QSignalBlocker block(m_view);
    m_view->clearSelection();
    for (int i : indices)
        if (i >= 0 && i < m_view->topLevelItemCount()) m_view->topLevelItem(i)->setSelected(true);
    updateButtons();
    Q_EMIT selectionChanged();
}

LossChart::Curves RunsPanel::curvesOf(const RunRecord& run) {
    LossChart::Curves c;
    c.name = QString::fromStdString(run.name);
    for (const EpochRecord& e : historyOf(run).epochs) {
        auto add = [&](QList<QPointF>& list, double v) {
            if (std::isfinite(v)) list.append(QPointF(e.epoch, v));
        };
        add(c.loss, e.loss);
        add(c.valLoss, e.valLoss);
        add(c.accuracy, e.accuracy);
        add(c.valAccuracy, e.valAccuracy);
    }
    return c;
}

QList<LossChart::Curves> RunsPanel::selectedCurves() const {
    QList<LossChart::Curves> out;
    for (int i : selectedRuns())
        out.append(curvesOf(m_document->project().runs.at(static_cast<std::size_t>(i))));
    return out;
}

void RunsPanel::renameSelected() {
    const QList<int> sel = selectedRuns();
    if (sel.size() != 1) return;
    const RunRecord& run = m_document->project().runs.at(static_cast<std::size_t>(sel.first()));
    const auto name =
        m_prompter->askText(tr("Rename run"), tr("Name:"), QString::fromStdString(run.name));
    if (!name) return;
    const QString trimmed = name->trimmed().left(256);
    if (trimmed.isEmpty() || trimmed.toStdString() == run.name) return;
    m_document->undoStack()->push(new RenameRun(m_document, sel.first(), trimmed.toStdString()));
}

void RunsPanel::deleteSelected() {
    const QList<int> sel = selectedRuns();
    if (sel.isEmpty()) return;
    QUndoStack* stack = m_document->undoStack();
    if (sel.size() == 1) {
        stack->push(new RemoveRun(m_document, sel.first()));
        return;
    }
    stack->beginMacro(tr("Delete %1 runs").arg(sel.size()));
    // From the end, so the indices of the ones still to go stay valid.
    for (auto it = sel.rbegin(); it != sel.rend(); ++it)
        stack->push(new RemoveRun(m_document, *it));
    stack->endMacro();
}

void RunsPanel::rerunSelected() {
    const QList<int> sel = selectedRuns();
    if (sel.size() == 1) Q_EMIT rerunRequested(sel.first());
}

void RunsPanel::setExportMenu(QMenu* menu) {
    m_export->setMenu(menu);
}

}  // namespace byom::ui
