#include "ui/data/dataview.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/data/datasetsummary.h"
#include "core/data/dataspec.h"
#include "ui/data/dataloader.h"
#include "ui/data/datasettablemodel.h"
#include "ui/data/sampleplot.h"
#include "ui/document.h"

namespace byom::ui {

namespace {

QTableWidget* table(const QString& name, const QStringList& headers) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

QString num(double v) {
    return QString::number(v, 'g', 5);
}

}  // namespace

DataView::DataView(Document* document, QWidget* parent) : QWidget(parent), m_document(document) {
    setObjectName(QStringLiteral("dataView"));
    m_loader = new DataLoader(this);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("dataStatus"));
    m_status->setWordWrap(true);
    // A long data spec has no place to wrap: let the dock's width decide, not the text.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model = new DatasetTableModel(this);
    m_rows = new QTableView;
    m_rows->setObjectName(QStringLiteral("dataRows"));
    m_rows->setModel(m_model);
    m_stats = table(QStringLiteral("columnStats"),
                    {tr("column"), tr("min"), tr("mean"), tr("max"), tr("missing")});
    m_classes = table(QStringLiteral("classCounts"), {tr("class"), tr("samples"), tr("share")});
    auto* statsSplit = new QSplitter(Qt::Vertical);
    statsSplit->addWidget(m_stats);
    statsSplit->addWidget(m_classes);

    m_x = new QComboBox;
    m_x->setObjectName(QStringLiteral("plotX"));
    m_y = new QComboBox;
    m_y->setObjectName(QStringLiteral("plotY"));
    for (QComboBox* box : {m_x, m_y}) {
        // Long column names must not widen the dock.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(6);
    }
    m_sample = new QSpinBox;
    m_sample->setObjectName(QStringLiteral("plotSample"));
    m_sample->setPrefix(tr("sample "));
    m_plot = new SamplePlot;
    m_plot->setObjectName(QStringLiteral("dataPlot"));
    auto* plotControls = new QHBoxLayout;
    plotControls->addWidget(new QLabel(tr("x")));
    plotControls->addWidget(m_x, 1);
    plotControls->addWidget(new QLabel(tr("y")));
    plotControls->addWidget(m_y, 1);
    plotControls->addWidget(m_sample);
    auto* plotPage = new QWidget;
    auto* plotLayout = new QVBoxLayout(plotPage);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addLayout(plotControls);
    plotLayout->addWidget(m_plot, 1);

    m_tabs = new QTabWidget;
    m_tabs->addTab(plotPage, tr("Plot"));
    m_tabs->addTab(statsSplit, tr("Statistics"));
    m_tabs->addTab(m_rows, tr("Rows"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);

    connect(m_x, &QComboBox::currentIndexChanged, this, &DataView::replot);
    connect(m_y, &QComboBox::currentIndexChanged, this, &DataView::replot);
    connect(m_sample, &QSpinBox::valueChanged, this, &DataView::replot);
    connect(m_loader, &DataLoader::loaded, this, &DataView::onLoaded);
    connect(m_loader, &DataLoader::failed, this, [this](const QString& message) {
        m_status->setText(tr("<span style='color:#d62728'>Cannot load the data: %1</span>")
                              .arg(message.toHtmlEscaped()));
        m_plot->clear(tr("No data"));
    });
    connect(document, &Document::dataChanged, this, &DataView::reload);
    reload();
}

bool DataView::isLoading() const {
    return m_loader->isLoading();
}

QString DataView::status() const {
    return m_status->text();
}

void DataView::reload() {
    m_data.reset();
    m_model->setDataset(nullptr);
    m_stats->setRowCount(0);
    m_classes->setRowCount(0);
    const std::string spec = m_document->project().data;
    if (spec.empty()) {
        m_loader->cancel();
        m_status->setText(tr("No data set: File → Open Data or Synthetic Data"));
        m_plot->clear(tr("No data"));
        return;
    }
    const QString path = m_document->filePath();
    const std::string baseDir =
        path.isEmpty() ? std::string(".") : QFileInfo(path).absolutePath().toStdString();
    m_status->setText(tr("Loading %1...").arg(QString::fromStdString(spec)));
    m_plot->clear(tr("Loading..."));
    m_loader->start([spec, baseDir](const DataLoader::Report&) {
        return loadDataset(DataSpec::parse(spec), baseDir);
    });
}

void DataView::onLoaded(std::shared_ptr<const Dataset> data) {
    m_data = std::move(data);
    m_document->setDataShape(DataShape::of(*m_data));
    m_model->setDataset(m_data);
    const DatasetSummary s = DatasetSummary::of(*m_data);
    m_status->setText(tr("%1: %2 samples, input %3%4")
                          .arg(QString::fromStdString(m_document->project().data))
                          .arg(s.rows)
                          .arg(QString::fromStdString(s.inputShape.toString()))
                          .arg(s.task == Task::Classification
                                   ? tr(", %1 classes").arg(s.classes.size())
                                   : tr(", regression")));
    std::vector<DatasetSummary::Column> columns = s.columns;
    for (const auto& t : s.targets) columns.push_back(t);
    m_stats->setRowCount(static_cast<int>(columns.size()));
    for (int r = 0; r < static_cast<int>(columns.size()); ++r) {
        const auto& c = columns[static_cast<std::size_t>(r)];
        setRow(m_stats, r,
               {QString::fromStdString(c.name), num(c.min), num(c.mean), num(c.max),
                QString::number(c.missing)});
    }
    m_classes->setRowCount(static_cast<int>(s.classes.size()));
    for (int r = 0; r < static_cast<int>(s.classes.size()); ++r) {
        const auto& c = s.classes[static_cast<std::size_t>(r)];
        setRow(m_classes, r,
               {QString::fromStdString(c.name), QString::number(c.count),
                QStringLiteral("%1%").arg(
                    100.0 * double(c.count) / double(std::max<Index>(1, s.rows)), 0, 'f', 1)});
    }
    const bool signal = m_data->inputShape.rank() == 2;
    {
        const QSignalBlocker bx(m_x), by(m_y), bs(m_sample);
        m_x->clear();
        m_y->clear();
        if (!signal) {
            QStringList names;
            for (int f = 0; f < m_data->x.rows(); ++f)
                names.append(
                    static_cast<std::size_t>(f) < m_data->featureNames.size()
                        ? QString::fromStdString(m_data->featureNames[static_cast<std::size_t>(f)])
                        : tr("x%1").arg(f + 1));
            if (m_data->task == Task::Regression) names.append(tr("target"));
            m_x->addItems(names);
            m_y->addItems(names);
            m_x->setCurrentIndex(0);
            m_y->setCurrentIndex(std::min(1, static_cast<int>(names.size()) - 1));
        }
        m_sample->setRange(0, static_cast<int>(std::max<Index>(0, m_data->size() - 1)));
        m_sample->setValue(0);
    }
    m_x->setVisible(!signal);
    m_y->setVisible(!signal);
    m_sample->setVisible(signal);
    replot();
}

void DataView::setPlotFeatures(int x, int y) {
    m_x->setCurrentIndex(x);
    m_y->setCurrentIndex(y);
    replot();
}

void DataView::setPlotSample(int index) {
    m_sample->setValue(index);
    replot();
}

void DataView::replot() {
    if (!m_data || m_data->size() == 0) return;
    const Dataset& d = *m_data;
    if (d.inputShape.rank() == 2) {
        const Index length = d.inputShape.dims[0];
        const Index channels = d.inputShape.dims[1];
        const Index j = std::clamp<Index>(m_sample->value(), 0, d.size() - 1);
        std::vector<std::vector<float>> values(static_cast<std::size_t>(channels));
        for (Index t = 0; t < length; ++t)
            for (Index c = 0; c < channels; ++c)
                values[static_cast<std::size_t>(c)].push_back(d.x(t * channels + c, j));
        QString title = tr("sample %1").arg(j);
        if (d.sequenceTargets())
            title += tr(" (targets per time step: %1)")
                         .arg(QString::fromStdString(d.targetShape.toString()));
        else if (d.task == Task::Classification)
            title +=
                QStringLiteral(": ") +
                QString::fromStdString(
                    d.classNames[static_cast<std::size_t>(d.labels[static_cast<std::size_t>(j)])]);
        m_plot->setSignal(std::move(values), title);
        return;
    }
    const int features = static_cast<int>(d.x.rows());
    auto value = [&d, features](int column, Index j) {
        return column < features ? double(d.x(column, j)) : double(d.y(0, j));
    };
    const int x = std::max(0, m_x->currentIndex());
    const int y = std::max(0, m_y->currentIndex());
    std::vector<QPointF> points;
    std::vector<int> labels;
    // Enough points to see the shape; a plot of millions would only be slow.
    const Index n = std::min<Index>(d.size(), 5000);
    for (Index j = 0; j < n; ++j) {
        points.emplace_back(value(x, j), value(y, j));
        labels.push_back(d.task == Task::Classification ? d.labels[static_cast<std::size_t>(j)]
                                                        : 0);
    }
    m_plot->setScatter(std::move(points), std::move(labels), m_x->currentText(),
                       m_y->currentText());
}

}  // namespace byom::ui
