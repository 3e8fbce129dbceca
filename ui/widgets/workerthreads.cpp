#include "ui/widgets/workerthreads.h"

#include <QThread>

namespace byom::ui {

WorkerThreads::~WorkerThreads() {
    for (QThread* t : std::as_const(m_threads)) {
        t->wait();
        delete t;
    }
}

void WorkerThreads::start(std::function<void()> work) {
    QThread* thread = QThread::create(std::move(work));
    m_threads.append(thread);
    QObject::connect(thread, &QThread::finished, m_owner, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start();
}

}  // namespace byom::ui
