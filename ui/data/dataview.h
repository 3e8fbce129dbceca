#pragma once

#include <QWidget>
#include <memory>

#include "core/data/dataset.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTabWidget;
QT_END_NAMESPACE

namespace byom::ui {

class DataLoader;
class DatasetTableModel;
class Document;
class SamplePlot;

/// The project's data set: its rows, per-column statistics and class counts (core's
/// DatasetSummary), and a plot of two chosen features coloured by class, or one frame of
/// (length, channels) data. Reloads off the GUI thread whenever the data spec changes.
class DataView : public QWidget {
    Q_OBJECT

public:
    explicit DataView(Document* document, QWidget* parent = nullptr);

    DatasetTableModel* tableModel() const { return m_model; }
    QTableWidget* statsTable() const { return m_stats; }
    QTableWidget* classTable() const { return m_classes; }
    SamplePlot* plot() const { return m_plot; }
    /// The data set as loaded (nothing while it loads or after a failure).
    std::shared_ptr<const Dataset> dataset() const { return m_data; }
    bool isLoading() const;
    QString status() const;
    /// Plots feature `x` against feature `y` (scatter data).
    void setPlotFeatures(int x, int y);
    /// Plots the frame of sample `index` (signal data).
    void setPlotSample(int index);

public Q_SLOTS:
    void reload();

private:
    void onLoaded(std::shared_ptr<const Dataset> data);
    void replot();

    Document* m_document;
    DataLoader* m_loader;
    std::shared_ptr<const Dataset> m_data;
    QLabel* m_status;
    QTabWidget* m_tabs;
    DatasetTableModel* m_model;
    QTableView* m_rows;
    QTableWidget* m_stats;
    QTableWidget* m_classes;
    QComboBox* m_x;
    QComboBox* m_y;
    QSpinBox* m_sample;
    SamplePlot* m_plot;
};

}  // namespace byom::ui
