#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

#include "core/data/dataset.h"

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace byom::ui {

/// Loads a data set off the GUI thread, one job at a time, with progress and cancel: the job
/// gets a callback to report the fraction done (negative: unknown) that returns false once the
/// load is cancelled. Starting a new job supersedes the running one (its result is dropped);
/// destruction cancels and joins every thread.
class DataLoader : public QObject {
    Q_OBJECT

public:
    using Report = std::function<bool(double fraction)>;
    using Job = std::function<Dataset(const Report& report)>;

    explicit DataLoader(QObject* parent = nullptr);
    ~DataLoader() override;

    void start(Job job);
    void cancel();
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    void progress(double fraction);
    void loaded(std::shared_ptr<const byom::Dataset> data);
    void failed(const QString& message);
    void cancelled();

private:
    QList<QThread*> m_threads;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_generation = 0;
    bool m_loading = false;
};

}  // namespace byom::ui
