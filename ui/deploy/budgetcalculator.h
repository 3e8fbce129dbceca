#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

#include "core/deploy/budget.h"
#include "core/project/project.h"

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace byom::ui {

/// Computes a stack's budget on a target off the GUI thread (building the model and lowering
/// it to the C library's kernels takes a while for a big stack). One computation runs at a
/// time: a request made meanwhile waits, and only the latest waiting one runs next; only the
/// answer to the latest request is reported. Destruction joins the thread.
class BudgetCalculator : public QObject {
    Q_OBJECT

public:
    explicit BudgetCalculator(QObject* parent = nullptr);
    ~BudgetCalculator() override;

    /// Budgets `stack` (with the project's registered architectures) on `target`.
    void request(const StackEntry& stack, const std::vector<StackEntry>& architectures,
                 const Target& target);
    /// Drops the waiting request and the answer to the running one.
    void discard();
    bool isBusy() const { return m_thread != nullptr; }

Q_SIGNALS:
    void ready(std::shared_ptr<const byom::Budget> budget);
    /// Why the stack has no budget (it does not build, or the C library cannot express it).
    void failed(const QString& reason);

private:
    struct Job {
        Project project;  // the stack and the architectures only
        Target target;
        int generation = 0;
    };
    void start(Job job);
    void finish(std::shared_ptr<const Budget> budget, const QString& reason, int generation);

    QThread* m_thread = nullptr;
    std::optional<Job> m_waiting;
    int m_generation = 0;
};

}  // namespace byom::ui
