#pragma once

#include <QRect>
#include <QStringList>
#include <QWidget>
#include <vector>

namespace byom::ui {

/// Paints a confusion matrix: rows are true classes, columns predicted; each cell shows its
/// count, shaded by its share of the row (recall), with the diagonal in the accent colour.
/// Class names are shown in full: column headers turn upright when they are wider than a
/// cell; the tooltip of a name or a cell says it in words.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    void setMatrix(const QStringList& classNames,
                   const std::vector<std::vector<long long>>& counts);
    void clear();
    long long count(int trueClass, int predicted) const;
    QSize sizeHint() const override { return {420, 360}; }

    /// Where the parts are drawn at the current size (for painting, tooltips and tests).
    struct Geometry {
        int left = 0, top = 0, cell = 0;
        int labelWidth = 0;    // the row labels' width
        bool upright = false;  // column headers drawn rotated, reading upwards
        QRect columnHeader(int column, int lineHeight) const;
        QRect rowHeader(int row, int lineHeight) const;
        QRect cellRect(int row, int column) const;
    };
    Geometry geometry() const;
    /// The text shown for a class: its name, or its index when it has none.
    QString className(int index) const;
    /// The tooltip at `pos` (empty where there is none).
    QString toolTipAt(const QPoint& pos) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QStringList m_names;
    std::vector<std::vector<long long>> m_counts;
};

}  // namespace byom::ui
