#include "ui/training/trainingpanel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/schema/schema.h"
#include "core/train/history.h"
#include "core/train/trainconfig.h"
#include "core/util/error.h"
#include "ui/commands/changetraining.h"
#include "ui/designer/parameditor.h"
#include "ui/document.h"
#include "ui/widgets/messagelabel.h"

namespace byom::ui {

namespace {

QString labelFor(const std::string& name) {
    QString s = QString::fromStdString(name);
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

QString duration(double seconds) {
    const long long s = std::llround(std::max(0.0, seconds));
    if (s < 1) return QObject::tr("under a second");
    if (s < 60) return QObject::tr("%1 s").arg(s);
    return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

}  // namespace

TrainingPanel::TrainingPanel(Document* document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    setObjectName(QStringLiteral("trainingPanel"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progressText = new MessageLabel(tr("Not training"));
    m_progressText->setObjectName(QStringLiteral("trainingProgressText"));

    auto* form = new QWidget;
    auto* formLayout = new QFormLayout(form);
    formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto addEditor = [this](QFormLayout* into, const ParamSpec& spec, const std::string& path) {
        auto* editor = new ParamEditor(spec);
        editor->setObjectName(QString::fromStdString(path));
        connect(editor, &ParamEditor::edited, this,
                [this, path](const json& value) { apply(path, value); });
        auto* label = new QLabel(labelFor(spec.name));
        label->setToolTip(QString::fromStdString(spec.doc));
        editor->setToolTip(QString::fromStdString(spec.doc));
        into->addRow(label, editor);
        m_editors[path] = editor;
        m_forms[path] = into;
    };
    for (const ParamSpec& p : TrainConfig::schema().params()) {
        if (p.type == ParamType::Object && p.fields) {
            auto* group = new QGroupBox(labelFor(p.name));
            group->setToolTip(QString::fromStdString(p.doc));
            auto* inner = new QFormLayout(group);
            for (const ParamSpec& f : p.fields->params())
                addEditor(inner, f, p.name + "." + f.name);
            formLayout->addRow(group);
        } else {
            addEditor(formLayout, p, p.name);
        }
    }
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(form);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText);
    layout->addWidget(scroll, 1);
    connect(document, &Document::trainingChanged, this, &TrainingPanel::refresh);
    refresh();
}

ParamEditor* TrainingPanel::editor(const QString& path) const {
    const auto it = m_editors.find(path.toStdString());
    return it == m_editors.end() ? nullptr : it->second;
}

QString TrainingPanel::progressText() const {
    return m_progressText->message();
}

void TrainingPanel::refresh() {
    const json config = m_document->project().training.toJson();
    for (auto& [path, editor] : m_editors) {
        const std::size_t dot = path.find('.');
        const json& v = dot == std::string::npos ? config.value(path, json())
                                                 : config.value(path.substr(0, dot), json::object())
                                                       .value(path.substr(dot + 1), json());
        editor->setValue(v);
    }
    // Only the fields the chosen schedule reads.
    const std::vector<std::string> fields =
        Schedule::fieldsOf(m_document->project().training.schedule.kind);
    for (auto& [path, editor] : m_editors) {
        if (!path.starts_with("schedule.") || path == "schedule.kind") continue;
        const std::string field = path.substr(std::string("schedule.").size());
        m_forms[path]->setRowVisible(
            editor, std::find(fields.begin(), fields.end(), field) != fields.end());
    }
}

void TrainingPanel::apply(const std::string& path, const json& value) {
    json config = m_document->project().training.toJson();
    const std::size_t dot = path.find('.');
    if (dot == std::string::npos)
        config[path] = value;
    else
        config[path.substr(0, dot)][path.substr(dot + 1)] = value;
    if (config == m_document->project().training.toJson()) return;
    try {
        // The whole config must still hold together (custom class weights need values).
        TrainConfig after = TrainConfig::fromJson(config);
        m_document->undoStack()->push(
            new ChangeTraining(m_document, std::move(after), QString::fromStdString(path)));
    } catch (const std::exception& e) {
        m_editors[path]->showError(QString::fromStdString(e.what()));
    }
}

void TrainingPanel::runStarted(int epochs) {
    m_epochs = std::max(1, epochs);
    m_epoch = 0;
    m_batch = 0;
    m_batches = 0;
    m_timer.start();
    m_progress->setValue(0);
    m_progressText->setMessage(tr("Epoch 1/%1, starting...").arg(m_epochs));
}

void TrainingPanel::batchDone(int epoch, int batch, int batches) {
    m_epoch = epoch;
    m_batch = batch;
    m_batches = batches;
    showProgress(epoch - 1 + double(batch) / std::max(1, batches));
}

void TrainingPanel::epochDone(const EpochRecord& record, int epochs) {
    m_epochs = std::max(1, epochs);
    m_epoch = record.epoch;
    m_batch = m_batches;
    showProgress(record.epoch);
}

void TrainingPanel::showProgress(double epochsDone) {
    const double fraction = std::clamp(epochsDone / m_epochs, 0.0, 1.0);
    m_progress->setValue(static_cast<int>(std::lround(fraction * 1000)));
    QString text = tr("Epoch %1/%2").arg(std::max(1, m_epoch)).arg(m_epochs);
    if (m_batches > 0) text += tr(", batch %1/%2").arg(m_batch).arg(m_batches);
    const double elapsed = m_timer.isValid() ? m_timer.elapsed() / 1000.0 : 0.0;
    if (fraction > 0.0) text += tr(", %1 left").arg(duration(elapsed / fraction - elapsed));
    m_progressText->setMessage(text);
}

void TrainingPanel::runEnded(const QString& text) {
    m_progressText->setMessage(text);
}

}  // namespace byom::ui
