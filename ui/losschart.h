#pragma once

#include <QList>
#include <QPointF>
#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace byom::ui {

/// Learning curves: train/validation loss and accuracy per epoch. This is the only class that
/// uses Qt Charts (deprecated from Qt 6.10), so a port to Qt Graphs touches one file.
/// Points are buffered and the series redrawn at most every 50 ms, however fast they arrive.
class LossChart : public QWidget {
    Q_OBJECT

public:
    explicit LossChart(QWidget* parent = nullptr);

    void clear();
    /// NaN values (no validation set, regression accuracy) are skipped.
    void addEpoch(int epoch, double loss, double valLoss, double accuracy, double valAccuracy);
    int pointCount() const { return static_cast<int>(m_loss.size()); }

private:
    void redraw();

    QChart* m_chart;
    QChartView* m_view;
    QLineSeries* m_lossSeries;
    QLineSeries* m_valLossSeries;
    QLineSeries* m_accSeries;
    QLineSeries* m_valAccSeries;
    QValueAxis* m_x;
    QValueAxis* m_yLoss;
    QValueAxis* m_yAcc;
    QList<QPointF> m_loss, m_valLoss, m_acc, m_valAcc;
    QTimer m_redraw;
};

}  // namespace byom::ui
