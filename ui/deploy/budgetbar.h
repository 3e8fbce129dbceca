#pragma once

#include <QProgressBar>

namespace byom::ui {

/// Bytes used against a budget: filled in per mille of the budget, the figures as its text
/// ("96.0 KB of 384.0 KB (25.0%)"), red when more is used than the budget holds.
class BudgetBar : public QProgressBar {
    Q_OBJECT

public:
    explicit BudgetBar(QWidget* parent = nullptr);

    void setUsage(long long used, long long budget);
    long long used() const { return m_used; }
    long long budget() const { return m_budget; }
    bool isOver() const { return m_used > m_budget; }

    /// Bytes as the panels show them ("1.5 KB").
    static QString bytesText(long long bytes);

private:
    long long m_used = 0;
    long long m_budget = 0;
};

}  // namespace byom::ui
