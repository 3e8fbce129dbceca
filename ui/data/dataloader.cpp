#include "ui/data/dataloader.h"

#include <QThread>

namespace byom::ui {

DataLoader::DataLoader(QObject* parent) : QObject(parent) {}

DataLoader::~DataLoader() {
    if (m_cancel) *m_cancel = true;
    for (QThread* t : m_threads) {
        t->wait();
        delete t;
    }
}

void DataLoader::start(Job job) {
    if (m_cancel) *m_cancel = true;  // the job running now is superseded
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const int generation = ++m_generation;
    m_loading = true;
    QThread* thread = QThread::create([this, job = std::move(job), cancel, generation] {
        const Report report = [this, cancel, generation](double fraction) {
            QMetaObject::invokeMethod(
                this,
                [this, fraction, generation] {
                    if (generation == m_generation && m_loading) Q_EMIT progress(fraction);
                },
                Qt::QueuedConnection);
            return !cancel->load();
        };
        std::shared_ptr<const Dataset> data;
        QString error;
        try {
            data = std::make_shared<const Dataset>(job(report));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (cancel->load()) return;
        QMetaObject::invokeMethod(
            this,
            [this, data, error, generation] {
                if (generation != m_generation || !m_loading) return;
                m_loading = false;
                if (data)
                    Q_EMIT loaded(data);
                else
                    Q_EMIT failed(error);
            },
            Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("data loader"));
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    m_threads.append(thread);
    thread->start();
}

void DataLoader::cancel() {
    if (!m_loading) return;
    if (m_cancel) *m_cancel = true;
    m_loading = false;
    Q_EMIT cancelled();
}

}  // namespace byom::ui
