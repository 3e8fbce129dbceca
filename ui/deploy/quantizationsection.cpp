#include "ui/deploy/quantizationsection.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include "core/deploy/runquantizer.h"
#include "core/io/modelfile.h"
#include "ui/document.h"
#include "ui/widgets/messagelabel.h"
#include "ui/widgets/prompter.h"
#include "ui/window/exportmenu.h"

namespace byom::ui {

namespace {

const QColor kGood(0x3a, 0x7b, 0xd5);
const QColor kLow(0xd0, 0x30, 0x30);

}  // namespace

/// One quantisation on the worker thread: copies in, the result or the error out.
struct QuantizationSection::Work {
    json model;
    json manifest;
    std::string runName;
    std::string dataDir;
    std::set<std::string> keep;
    std::optional<QuantReport> report;
    json int8Model;  // the int8 model file's JSON, as byom quantize writes it
    std::string error;

    void run() {
        try {
            TrainedModel m = modelFromJson(model, runName);
            const RunManifest r = RunManifest::fromJson(manifest, runName);
            RunQuantizer::Result result = RunQuantizer::fromRun(m, r, dataDir, keep);
            report = result.report;
            m.quantization = result.record(keep);
            m.quantized = std::make_shared<QGraph>(std::move(result.graph));
            int8Model = modelToJson(m);
        } catch (const std::exception& e) {
            error = e.what();
        }
    }
};

QuantizationSection::QuantizationSection(Document* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_quantize(new QPushButton(tr("Quantise to int8"))),
      m_save(new QPushButton(tr("Save int8 model..."))),
      m_export(new QPushButton(tr("Export int8 C library..."))),
      m_summary(new QLabel),
      m_chart(new QChartView),
      m_layers(new QTreeWidget),
      m_error(new MessageLabel) {
    setObjectName(QStringLiteral("quantizationSection"));
    m_quantize->setObjectName(QStringLiteral("quantizeButton"));
    m_save->setObjectName(QStringLiteral("saveInt8Button"));
    m_export->setObjectName(QStringLiteral("exportInt8Button"));
    m_save->setToolTip(
        tr("Saves the int8 model shown as a byom-model file with its "
           "quantisation, as byom quantize writes it: byom predict, evaluate, "
           "deploy and export --format c take it."));
    m_export->setToolTip(
        tr("Writes the int8 model shown as a C library whose outputs are "
           "bit-identical to the integer engine's (byom export --format c of "
           "the int8 model)."));
    m_summary->setObjectName(QStringLiteral("quantizationSummary"));
    m_chart->setObjectName(QStringLiteral("sqnrChart"));
    m_layers->setObjectName(QStringLiteral("quantizationLayers"));
    m_error->setObjectName(QStringLiteral("quantizationError"));
    m_quantize->setToolTip(
        tr("Quantise the trained run (the one selected in Runs, else the latest) to int8 as "
           "byom quantize does: calibrated on its training split, measured on its validation "
           "split. The run is not changed."));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #d03030"));
    m_layers->setRootIsDecorated(false);
    m_layers->setHeaderLabels({tr("Layer"), tr("Kind"), tr("SQNR"), tr("Keep in float")});
    m_layers->headerItem()->setToolTip(
        2, tr("Signal-to-quantisation-noise ratio of the layer's output, over the first %1 "
              "validation rows; below %2 dB is marked")
               .arg(QuantReport::kSqnrRows)
               .arg(QuantReport::kLowSqnrDb));
    m_layers->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* chart = new QChart;
    chart->setTitle(tr("SQNR per layer (dB)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setChart(chart);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>int8 quantisation</b>"));
    layout->addWidget(title);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_quantize);
    buttons->addWidget(m_save);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(m_chart);
    layout->addWidget(m_layers);
    m_error->hide();
    m_chart->hide();
    m_layers->hide();
    m_summary->setText(tr("What int8 costs for the trained run, before anything is flashed."));

    connect(m_quantize, &QPushButton::clicked, this, [this] {
        m_keep.clear();
        start();
    });
    connect(m_save, &QPushButton::clicked, this, &QuantizationSection::save);
    connect(m_export, &QPushButton::clicked, this, &QuantizationSection::exportC);
    connect(m_layers, &QTreeWidget::itemChanged, this, &QuantizationSection::keepToggled);
    connect(document, &Document::runsChanged, this, &QuantizationSection::updateButton);
    connect(document, &Document::projectReplaced, this, [this] {
        m_report.reset();
        m_shown.reset();
        m_layers->clear();
        m_layers->hide();
        m_chart->hide();
        updateButton();
    });
    updateButton();
}

QuantizationSection::~QuantizationSection() {
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void QuantizationSection::setRunChooser(std::function<int()> chooser) {
    m_chooser = std::move(chooser);
    updateButton();
}

void QuantizationSection::setOutputs(Prompter* prompter, ExportMenu* exportMenu) {
    m_prompter = prompter;
    m_exportMenu = exportMenu;
    updateButton();
}

void QuantizationSection::updateButton() {
    const int runs = static_cast<int>(m_document->project().runs.size());
    m_quantize->setEnabled(!m_thread && runs > 0);
    const bool shown = !m_thread && m_shown && m_report;
    m_save->setEnabled(shown && m_prompter);
    m_export->setEnabled(shown && m_exportMenu);
}

void QuantizationSection::save() {
    if (!m_shown || !m_prompter || !m_exportMenu) return;
    const QString path = m_exportMenu->askPath(QStringLiteral("model"), tr("the int8 model"));
    if (path.isEmpty()) return;
    try {
        // The worker already wrote the model's JSON: no weights are decoded again here.
        saveModelJson(path.toStdString(), m_shown->int8Model);
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot save the int8 model"), QString::fromStdString(e.what()));
    }
}

void QuantizationSection::exportC() {
    if (!m_shown || !m_exportMenu) return;
    const QString format = QStringLiteral("c");
    const QString path = m_exportMenu->askPath(format, tr("the int8 model"));
    if (path.isEmpty()) return;
    m_exportMenu->exportModel(m_shown->int8Model, m_shown->manifest, m_shown->runName, format,
                              path);
}

void QuantizationSection::start() {
    if (m_thread) return;
    const auto& runs = m_document->project().runs;
    int index = m_chooser ? m_chooser() : static_cast<int>(runs.size()) - 1;
    if (index < 0 || index >= static_cast<int>(runs.size())) return;
    const RunRecord& run = runs[static_cast<std::size_t>(index)];
    m_work = std::make_shared<Work>();
    m_work->model = run.model;
    m_work->manifest = run.manifest;
    m_work->runName = run.name;
    m_work->dataDir = m_document->filePath().isEmpty()
                          ? std::string(".")
                          : QFileInfo(m_document->filePath()).absolutePath().toStdString();
    m_work->keep = m_keep;
    m_summary->setText(tr("Quantising run \"%1\"...").arg(QString::fromStdString(run.name)));
    m_layers->setEnabled(false);
    std::shared_ptr<Work> work = m_work;
    m_thread = QThread::create([work] { work->run(); });
    connect(m_thread, &QThread::finished, this, &QuantizationSection::finish);
    updateButton();
    m_thread->start();
}

void QuantizationSection::finish() {
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_layers->setEnabled(true);
    if (!m_work->error.empty()) {
        m_error->setMessage(tr("Cannot quantise: %1").arg(QString::fromStdString(m_work->error)));
        m_error->show();
        m_summary->clear();
        m_shown.reset();
    } else {
        m_error->hide();
        m_shown = m_work;
        m_report = m_work->report;
        showReport(*m_report);
    }
    updateButton();
    Q_EMIT updated();
}

void QuantizationSection::showReport(const QuantReport& r) {
    const QLocale loc;
    QString text;
    if (r.classifier)
        text = tr("<b>int8 accuracy %1%</b> (float %2%, %3 points); the class agrees on %4% "
                  "of %5 validation rows.")
                   .arg(loc.toString(100 * r.int8Score, 'f', 2))
                   .arg(loc.toString(100 * r.floatScore, 'f', 2))
                   .arg((r.int8Score >= r.floatScore ? QStringLiteral("+") : QString()) +
                        loc.toString(100 * (r.int8Score - r.floatScore), 'f', 2))
                   .arg(loc.toString(100 * r.agreement, 'f', 2))
                   .arg(r.rows);
    else
        text = tr("<b>int8 R² %1</b> (float %2) on %3 validation rows.")
                   .arg(loc.toString(r.int8Score, 'f', 4))
                   .arg(loc.toString(r.floatScore, 'f', 4))
                   .arg(r.rows);
    text += tr(" Weights %L1 bytes in float, %L2 in int8.")
                .arg(r.floatWeightBytes)
                .arg(r.int8WeightBytes);
    m_summary->setText(text);
    m_filling = true;
    m_layers->clear();
    for (const QuantReport::Layer& l : r.layers) {
        auto* item = new QTreeWidgetItem(
            {QString::fromStdString(l.name),
             QString::fromStdString(l.kind),
             l.isFloat ? tr("float") : tr("%1 dB").arg(loc.toString(l.sqnrDb, 'f', 1)),
             {}});
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(kKeepColumn, m_keep.count(l.name) ? Qt::Checked : Qt::Unchecked);
        if (!l.isFloat && l.sqnrDb < QuantReport::kLowSqnrDb) {
            item->setForeground(2, kLow);
            item->setToolTip(
                2, tr("Below %1 dB: try keeping this layer in float").arg(QuantReport::kLowSqnrDb));
        }
        m_layers->addTopLevelItem(item);
    }
    m_filling = false;
    // Tall enough for every row (up to 12, then it scrolls).
    const int rows = std::min(12, std::max(1, m_layers->topLevelItemCount()));
    const int row = m_layers->sizeHintForRow(0) > 0 ? m_layers->sizeHintForRow(0) : 20;
    m_layers->setFixedHeight(m_layers->header()->sizeHint().height() + rows * row +
                             2 * m_layers->frameWidth() + 4);
    m_layers->show();
    fillChart(r);
}

void QuantizationSection::fillChart(const QuantReport& r) {
    QChart* chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    auto* good = new QBarSet(tr("int8"));
    auto* low = new QBarSet(tr("below %1 dB").arg(QuantReport::kLowSqnrDb));
    auto* kept = new QBarSet(tr("kept in float"));
    good->setColor(kGood);
    low->setColor(kLow);
    kept->setColor(QColor(0xa0, 0xa0, 0xa0));
    QStringList names;
    double top = 40.0;
    // The first layer at the top: categories run bottom-up on a vertical axis.
    for (auto it = r.layers.rbegin(); it != r.layers.rend(); ++it) {
        names << QString::fromStdString(it->name);
        const bool isLow = !it->isFloat && it->sqnrDb < QuantReport::kLowSqnrDb;
        *good << (it->isFloat || isLow ? 0.0 : it->sqnrDb);
        *low << (isLow ? std::max(it->sqnrDb, 0.5) : 0.0);
        *kept << (it->isFloat ? 1.0 : 0.0);
        if (!it->isFloat) top = std::max(top, it->sqnrDb);
    }
    auto* series = new QHorizontalStackedBarSeries;
    series->append(good);
    series->append(low);
    const auto isFloat = [](const QuantReport::Layer& l) { return l.isFloat; };
    if (std::any_of(r.layers.begin(), r.layers.end(), isFloat))
        series->append(kept);
    else
        delete kept;
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(names);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = new QValueAxis;
    x->setRange(0.0, std::ceil(top / 10.0) * 10.0);
    x->setTitleText(tr("dB"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0.0);
    x->setTickInterval(10.0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    m_chart->setMinimumHeight(std::max(220, 60 + 22 * static_cast<int>(names.size())));
    m_chart->show();
}

void QuantizationSection::keepToggled(QTreeWidgetItem* item, int column) {
    if (m_filling || column != kKeepColumn) return;
    const std::string name = item->text(0).toStdString();
    if (item->checkState(kKeepColumn) == Qt::Checked)
        m_keep.insert(name);
    else
        m_keep.erase(name);
    start();
}

}  // namespace byom::ui
