#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <map>
#include <string>

#include "core/schema/paramspec.h"
#include "core/train/history.h"

QT_BEGIN_NAMESPACE
class QFormLayout;
class QLabel;
class QProgressBar;
QT_END_NAMESPACE

namespace byom::ui {

class MessageLabel;

class Document;
class ParamEditor;

/// The training options of the project, generated from TrainConfig's schema (one editor per
/// parameter, a group per nested object such as the schedule and early stopping); every edit
/// is an undo command. Above them, the run's progress: epoch, batch and time left.
class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainingPanel(Document* document, QWidget* parent = nullptr);

    /// The editor of a parameter by its JSON path in the config ("epochs", "schedule.kind").
    ParamEditor* editor(const QString& path) const;
    QProgressBar* progressBar() const { return m_progress; }
    QString progressText() const;

public Q_SLOTS:
    void runStarted(int epochs);
    void batchDone(int epoch, int batch, int batches);
    void epochDone(const byom::EpochRecord& record, int epochs);
    void runEnded(const QString& text);

private:
    void refresh();
    void apply(const std::string& path, const json& value);
    void showProgress(double epochsDone);

    Document* m_document;
    std::map<std::string, QFormLayout*> m_forms;  // the form each editor sits in
    std::map<std::string, ParamEditor*> m_editors;
    QProgressBar* m_progress;
    MessageLabel* m_progressText;
    QElapsedTimer m_timer;
    int m_epochs = 0;
    int m_epoch = 0;
    int m_batch = 0;
    int m_batches = 0;
};

}  // namespace byom::ui
