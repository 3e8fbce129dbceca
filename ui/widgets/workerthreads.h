#pragma once

#include <QList>
#include <functional>

QT_BEGIN_NAMESPACE
class QObject;
class QThread;
QT_END_NAMESPACE

namespace byom::ui {

/// Work an object runs off the GUI thread, a thread per piece: each thread is deleted once it
/// has finished, and those still running are joined when this is destroyed (declare it last,
/// so that it goes first). The work hands its results back with a queued call to the owner.
class WorkerThreads {
public:
    explicit WorkerThreads(QObject* owner) : m_owner(owner) {}
    ~WorkerThreads();
    WorkerThreads(const WorkerThreads&) = delete;
    WorkerThreads& operator=(const WorkerThreads&) = delete;

    /// Runs `work` on a thread of its own.
    void start(std::function<void()> work);
    /// Whether no work is running.
    bool isEmpty() const { return m_threads.isEmpty(); }

private:
    QObject* m_owner;
    QList<QThread*> m_threads;
};

}  // namespace byom::ui
