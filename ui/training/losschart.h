#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>
#include <QWidget>
#include <limits>

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
/// train curves growing as batches finish), with the curves of earlier runs overlaid. With
/// SequenceFramesView, one of the two classes that use Qt Charts (deprecated from Qt 6.10), so a
/// port to Qt Graphs touches their two files. Points are buffered and the series redrawn at most
/// every 50 ms, however fast they arrive. A curve of more than kMaxDrawnPoints epochs is drawn from
/// that many (each stretch's lowest and highest point), so long runs draw quickly; hovering reads
/// every epoch.
class LossChart : public QWidget {
    Q_OBJECT

public:
    /// One run's curves (NaN values already left out), x = epoch.
    struct Curves {
        QString name;
        QList<QPointF> loss, valLoss, accuracy, valAccuracy;
    };

    /// The most points a curve is drawn from.
    static constexpr int kMaxDrawnPoints = 2000;

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
    /// Earlier runs drawn behind the live curves (thin lines, one colour per run: the loss in
    /// its dark shade, the validation loss dashed in its light shade, the accuracy dotted).
    void setOverlays(const QList<Curves>& runs);
    int overlayCount() const { return static_cast<int>(m_overlays.size()); }
    /// Loss on a logarithmic axis (values <= 0 are left out there).
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }
    /// The text the chart shows for a hovered point of `series` (series name, epoch, value).
    QString hoverText() const { return m_hoverText; }
    QChart* chart() const { return m_chart; }

private:
    /// The epochs and losses some curves span (first > last: no points).
    struct Extent {
        double first = std::numeric_limits<double>::infinity();
        double last = -std::numeric_limits<double>::infinity();
        double top = 0.0;                                         // the largest loss
        double bottom = std::numeric_limits<double>::infinity();  // the smallest loss above 0
        void add(const QList<QPointF>& points, bool loss);
    };

    void redraw();
    void rebuildOverlaySeries();
    void showOverlays();
    /// Draws `points` on `series` (decimated when long) and keeps them for hovering.
    void draw(QLineSeries* series, const QList<QPointF>& points);
    /// The step between epoch labels over lo..hi: 1, 2 or 5 times a power of ten, as small as
    /// lets the labels fit the plot's width.
    double epochStep(double lo, double hi) const;
    void setEpochRange(double lo, double hi);
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
    Extent m_overlayExtent;
    QHash<QLineSeries*, QList<QPointF>> m_shown;  // every point of each curve, for hovering
    bool m_logScale = false;
    QString m_hoverText;
    QTimer m_redraw;
};

}  // namespace byom::ui
