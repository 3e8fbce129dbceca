#include "ui/deploy/budgetcalculator.h"

#include <QThread>

#include "core/deploy/untrainedmodel.h"

namespace byom::ui {

BudgetCalculator::BudgetCalculator(QObject* parent) : QObject(parent) {}

BudgetCalculator::~BudgetCalculator() {
    if (!m_thread) return;
    m_thread->wait();
    delete m_thread;
}

void BudgetCalculator::request(const StackEntry& stack,
                               const std::vector<StackEntry>& architectures, const Target& target) {
    Job job;
    job.project.stacks = {stack};
    job.project.architectures = architectures;
    job.target = target;
    job.generation = ++m_generation;
    if (m_thread)
        m_waiting = std::move(job);
    else
        start(std::move(job));
}

void BudgetCalculator::discard() {
    ++m_generation;
    m_waiting.reset();
}

void BudgetCalculator::start(Job job) {
    m_thread = QThread::create([this, job = std::move(job)] {
        std::shared_ptr<const Budget> budget;
        QString reason;
        try {
            const TrainedModel model = untrainedModel(job.project, job.project.stacks.front());
            budget = std::make_shared<const Budget>(
                Budget::of(ExportModel::fromTrained(model), job.target));
        } catch (const std::exception& e) {
            reason = QString::fromStdString(e.what());
        }
        const int generation = job.generation;
        QMetaObject::invokeMethod(
            this, [this, budget, reason, generation] { finish(budget, reason, generation); },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("budget calculator"));
    m_thread->start();
}

void BudgetCalculator::finish(std::shared_ptr<const Budget> budget, const QString& reason,
                              int generation) {
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    if (m_waiting) {
        Job next = std::move(*m_waiting);
        m_waiting.reset();
        start(std::move(next));
        return;  // this answer is out of date
    }
    if (generation != m_generation) return;
    if (budget)
        Q_EMIT ready(std::move(budget));
    else
        Q_EMIT failed(reason);
}

}  // namespace byom::ui
