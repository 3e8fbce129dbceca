#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

namespace byom::ui {

/// Paints a confusion matrix: rows are true classes, columns predicted; each cell shows its
/// count, shaded by its share of the row (recall), with the diagonal in the accent colour.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    void setMatrix(const QStringList& classNames,
                   const std::vector<std::vector<long long>>& counts);
    void clear();
    long long count(int trueClass, int predicted) const;
    QSize sizeHint() const override { return {420, 360}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList m_names;
    std::vector<std::vector<long long>> m_counts;
};

}  // namespace byom::ui
