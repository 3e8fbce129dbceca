#pragma once

#include <QImage>
#include <QWidget>
#include <vector>

#include "core/train/decisiongrid.h"

namespace byom::ui {

/// The decision boundary of a 2-feature classifier: the model's class regions painted behind
/// the data points, coloured by class (TensorFlow Playground's view), refreshed as training runs.
class DecisionBoundaryView : public QWidget {
    Q_OBJECT

public:
    explicit DecisionBoundaryView(QWidget* parent = nullptr);

    /// Points: two features per sample and their class.
    void setPoints(std::vector<QPointF> points, std::vector<int> labels);
    void setGrid(const DecisionGrid& grid);
    void clear();
    bool hasGrid() const { return m_grid.resolution > 0; }
    QSize sizeHint() const override { return {420, 420}; }

    static QColor classColor(int index);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QPointF toWidget(const QPointF& p, const QRectF& area) const;

    std::vector<QPointF> m_points;
    std::vector<int> m_labels;
    DecisionGrid m_grid;
    QImage m_regions;
};

}  // namespace byom::ui
