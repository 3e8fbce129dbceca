#pragma once

#include <QPointF>
#include <QString>
#include <QWidget>
#include <functional>
#include <vector>

namespace byom::ui {

/// A small plot of data samples, painted directly: a scatter of two features coloured by
/// class (the decision boundary view's colours), a scatter of one feature against a
/// regression target, or the line plot of one (length, channels) frame.
class SamplePlot : public QWidget {
    Q_OBJECT

public:
    explicit SamplePlot(QWidget* parent = nullptr);

    /// `labels`: class per point, or empty for one colour.
    void setScatter(std::vector<QPointF> points, std::vector<int> labels, const QString& xName,
                    const QString& yName);
    /// One frame: values[channel][step].
    void setSignal(std::vector<std::vector<float>> channels, const QString& title);
    void clear(const QString& message = {});

    int pointCount() const { return static_cast<int>(m_points.size()); }
    bool showsSignal() const { return !m_channels.empty(); }
    QSize sizeHint() const override { return {360, 300}; }
    /// The axes' tick labels as drawn (round values).
    QStringList xTickLabels() const;
    QStringList yTickLabels() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    /// The data's x and y ranges, with a margin.
    std::pair<std::pair<double, double>, std::pair<double, double>> ranges() const;
    void paintSignal(QPainter& painter, const std::function<double(double)>& px,
                     const std::function<double(double)>& py);

    std::vector<QPointF> m_points;
    std::vector<int> m_labels;
    std::vector<std::vector<float>> m_channels;
    QString m_xName, m_yName, m_title, m_message;
};

}  // namespace byom::ui
