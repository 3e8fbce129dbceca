#pragma once

#include <QList>
#include <QPointF>
#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace byom::ui {

/// Learning curves: train/validation loss and accuracy per epoch of the run in progress (the
/// train curves growing as batches finish), with the curves of earlier runs overlaid. This is the
/// only class that uses Qt Charts (deprecated from Qt 6.10), so a port to Qt Graphs touches one
/// file. Points are buffered and the series redrawn at most every 50 ms, however fast they arrive.
class LossChart : public QWidget {
    Q_OBJECT

public:
    /// One run's curves (NaN values already left out), x = epoch.
    struct Curves {
        QString name;
        QList<QPointF> loss, valLoss, accuracy, valAccuracy;
    };

    explicit LossChart(QWidget* parent = nullptr);

    void clear();
    /// NaN values (no validation set, regression accuracy) are skipped.
    void addEpoch(int epoch, double loss, double valLoss, double accuracy, double valAccuracy);
    /// The running train loss and accuracy within an epoch, at x = epoch - 1 + batch / batches:
    /// drawn as the provisional tip of the train curves until the epoch's point replaces it.
    void addBatch(double position, double loss, double accuracy);
    /// Finished epochs on the train loss curve (the provisional tip not counted).
    int pointCount() const { return static_cast<int>(m_loss.size()); }
    /// The provisional tip of the train loss curve, or a null point between epochs.
    QPointF liveLoss() const { return m_liveLoss; }
    /// Earlier runs drawn behind the live curves (thin lines, one colour per run).
    void setOverlays(const QList<Curves>& runs);
    int overlayCount() const { return static_cast<int>(m_overlays.size()); }
    /// Loss on a logarithmic axis (values <= 0 are left out there).
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }
    /// The text the chart shows for a hovered point of `series` (series name, epoch, value).
    QString hoverText() const { return m_hoverText; }
    QChart* chart() const { return m_chart; }

private:
    void redraw();
    void rebuildOverlaySeries();
    QLineSeries* addSeries(const QString& name, const QColor& color, Qt::PenStyle style,
                           qreal width, bool lossAxis);
    void showHover(QLineSeries* series, const QPointF& point, bool state);
    QList<QPointF> forLossAxis(const QList<QPointF>& points) const;
    /// `points` and then the provisional `tip`, when there is one past the last point.
    static QList<QPointF> withTip(const QList<QPointF>& points, const QPointF& tip);

    QChart* m_chart;
    QChartView* m_view;
    QLabel* m_readout;
    QLineSeries* m_lossSeries;
    QLineSeries* m_valLossSeries;
    QLineSeries* m_accSeries;
    QLineSeries* m_valAccSeries;
    QList<QLineSeries*> m_overlaySeries;
    QValueAxis* m_x;
    QAbstractAxis* m_yLoss;
    QValueAxis* m_yAcc;
    QList<QPointF> m_loss, m_valLoss, m_acc, m_valAcc;
    QPointF m_liveLoss, m_liveAcc;  // null when there is no epoch in progress
    QList<Curves> m_overlays;
    bool m_logScale = false;
    QString m_hoverText;
    QTimer m_redraw;
};

}  // namespace byom::ui
