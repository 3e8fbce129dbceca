#pragma once

#include <QWidget>

#include "core/schema/paramspec.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QTableWidget;
QT_END_NAMESPACE

namespace byom::ui {

class ConfusionMatrixView;

/// A classifier's evaluation: the confusion matrix and, per class, precision, recall, F1 and
/// support, from the metrics JSON core's evaluateModel writes (kept with every run).
class MetricsPanel : public QWidget {
    Q_OBJECT

public:
    explicit MetricsPanel(QWidget* parent = nullptr);

    /// `metrics`: evaluateModel's JSON; regression metrics show their values only.
    void setMetrics(const json& metrics, const QString& title);
    void clear();
    ConfusionMatrixView* matrixView() const { return m_matrix; }
    QTableWidget* classTable() const { return m_table; }

private:
    QLabel* m_title;
    ConfusionMatrixView* m_matrix;
    QTableWidget* m_table;
};

}  // namespace byom::ui
