#include "ui/data/datadialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "core/data/csvloader.h"
#include "core/data/csvpreview.h"
#include "core/data/datasetsummary.h"
#include "core/data/dataspec.h"
#include "core/data/npyloader.h"
#include "core/train/manifest.h"
#include "ui/data/dataloader.h"

namespace byom::ui {

namespace {

constexpr int kPreviewRows = 20;

QComboBox* combo(const QString& name, const QStringList& items) {
    auto* box = new QComboBox;
    box->setObjectName(name);
    box->addItems(items);
    return box;
}

QString delimiterName(char d) {
    switch (d) {
        case ',':
            return QObject::tr("comma-separated");
        case ';':
            return QObject::tr("semicolon-separated");
        case '\t':
            return QObject::tr("tab-separated");
        default:
            return QObject::tr("separated by '%1'").arg(QLatin1Char(d));
    }
}

}  // namespace

DataDialog::DataDialog(const TrainConfig& training, const QString& projectDir, QWidget* parent)
    : QDialog(parent), m_projectDir(projectDir), m_training(training) {
    setObjectName(QStringLiteral("dataDialog"));
    setWindowTitle(tr("Open Data"));
    m_loader = new DataLoader(this);

    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("dataPath"));
    m_path->setPlaceholderText(tr("a .csv file, or the inputs (x) of a NumPy pair"));
    auto* browse = new QPushButton(tr("Browse..."));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open data"), m_projectDir,
                                         tr("Data files (*.csv *.tsv *.txt *.npy);;All files (*)"));
        if (!path.isEmpty()) setPath(path);
    });
    m_labelsPath = new QLineEdit;
    m_labelsPath->setObjectName(QStringLiteral("labelsPath"));
    m_labelsPath->setPlaceholderText(tr("the targets (y) .npy"));
    auto* browseLabels = new QPushButton(tr("Browse..."));
    connect(browseLabels, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open targets"), m_projectDir,
                                                          tr("NumPy arrays (*.npy)"));
        if (!path.isEmpty()) setLabelsPath(path);
    });
    // Only a path that was edited loads again: leaving the field for "Use this data" must not
    // start a new load that disables the button under the click.
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        if (m_path->isModified()) setPath(m_path->text());
    });
    connect(m_labelsPath, &QLineEdit::editingFinished, this, [this] {
        if (m_labelsPath->isModified()) setLabelsPath(m_labelsPath->text());
    });

    m_delimiter =
        combo(QStringLiteral("delimiter"), {tr("auto"), tr("comma"), tr("semicolon"), tr("tab")});
    m_header = combo(QStringLiteral("header"), {tr("auto"), tr("yes"), tr("no")});
    m_label = combo(QStringLiteral("labelColumn"), {});
    m_missing = combo(QStringLiteral("missing"),
                      {QStringLiteral("error"), QStringLiteral("drop"), QStringLiteral("mean")});
    m_missing->setToolTip(
        tr("A missing or non-numeric feature cell: stop with its position, "
           "drop the row, or use the column's mean"));
    m_task = combo(
        QStringLiteral("task"),
        {QStringLiteral("auto"), QStringLiteral("classification"), QStringLiteral("regression")});
    m_valSplit = new QDoubleSpinBox;
    m_valSplit->setObjectName(QStringLiteral("valSplit"));
    m_valSplit->setRange(0.0, 0.9);
    m_valSplit->setSingleStep(0.05);
    m_valSplit->setValue(training.valSplit);
    m_normalization =
        combo(QStringLiteral("normalization"),
              {QStringLiteral("standard"), QStringLiteral("minmax"), QStringLiteral("none")});
    m_normalization->setCurrentText(QString::fromStdString(training.normalization));
    m_normalization->setToolTip(
        tr("Input scaling, fitted on the training split only and "
           "saved with the model"));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(training.seed, 2147483647)));

    auto* files = new QFormLayout;
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    files->addRow(tr("File"), fileRow);
    auto* labelsRow = new QHBoxLayout;
    labelsRow->addWidget(m_labelsPath, 1);
    labelsRow->addWidget(browseLabels);
    files->addRow(tr("Targets (NumPy)"), labelsRow);

    m_csvOptions = new QGroupBox(tr("CSV"));
    auto* csv = new QFormLayout(m_csvOptions);
    csv->addRow(tr("Delimiter"), m_delimiter);
    csv->addRow(tr("Header row"), m_header);
    csv->addRow(tr("Label column"), m_label);
    csv->addRow(tr("Missing values"), m_missing);
    auto* split = new QGroupBox(tr("Task and training split"));
    auto* splitForm = new QFormLayout(split);
    splitForm->addRow(tr("Task"), m_task);
    splitForm->addRow(tr("Validation split"), m_valSplit);
    splitForm->addRow(tr("Normalisation"), m_normalization);
    splitForm->addRow(tr("Seed"), m_seed);
    auto* options = new QHBoxLayout;
    options->addWidget(m_csvOptions);
    options->addWidget(split);

    m_detected = new QLabel;
    m_detected->setObjectName(QStringLiteral("detected"));
    m_preview = new QStandardItemModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("preview"));
    m_table->setModel(m_preview);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #d62728;"));
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setVisible(false);
    m_cancelLoad = new QPushButton(tr("Cancel loading"));
    m_cancelLoad->setObjectName(QStringLiteral("cancelLoad"));
    m_cancelLoad->setVisible(false);
    connect(m_cancelLoad, &QPushButton::clicked, this, &DataDialog::cancelLoad);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelLoad);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use this data"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DataDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DataDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(files);
    layout->addLayout(options);
    layout->addWidget(m_detected);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_problem);
    layout->addLayout(progressRow);
    layout->addWidget(m_buttons);
    resize(760, 620);

    for (QComboBox* box : {m_delimiter, m_header})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            refreshPreview();
            reload();
        });
    for (QComboBox* box : {m_label, m_missing, m_task})
        connect(box, &QComboBox::currentIndexChanged, this, &DataDialog::reload);
    connect(m_loader, &DataLoader::progress, this, [this](double fraction) {
        if (fraction < 0.0) return;
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(fraction * 1000));
    });
    connect(m_loader, &DataLoader::loaded, this, &DataDialog::onLoaded);
    connect(m_loader, &DataLoader::failed, this, &DataDialog::showProblem);
    connect(m_loader, &DataLoader::cancelled, this,
            [this] { showProblem(tr("Loading was cancelled.")); });
    m_labelsPath->setEnabled(false);
}

DataDialog::~DataDialog() = default;

bool DataDialog::isNpy() const {
    return m_path->text().endsWith(QStringLiteral(".npy"), Qt::CaseInsensitive);
}

bool DataDialog::isLoading() const {
    return m_loader->isLoading();
}

QString DataDialog::problem() const {
    return m_problem->text();
}

QString DataDialog::summary() const {
    return m_summary->text();
}

void DataDialog::setPath(const QString& path) {
    m_path->setText(path);
    m_csvOptions->setEnabled(!isNpy());
    m_labelsPath->setEnabled(isNpy());
    refreshPreview();
    reload();
}

void DataDialog::setLabelsPath(const QString& path) {
    m_labelsPath->setText(path);
    reload();
}

bool DataDialog::setLabelColumn(const QString& name) {
    const int index = m_label->findText(name);
    if (index < 0) return false;
    m_label->setCurrentIndex(index);
    return true;
}

void DataDialog::refreshPreview() {
    m_preview->clear();
    m_detected->clear();
    m_hasHeader = false;
    const QString path = m_path->text();
    if (path.isEmpty() || isNpy()) return;
    const QString previous = m_label->currentText();
    const QSignalBlocker block(m_label);
    m_label->clear();
    try {
        static const char delimiters[] = {0, ',', ';', '\t'};
        static const CsvOptions::Header headers[] = {
            CsvOptions::Header::Auto, CsvOptions::Header::Yes, CsvOptions::Header::No};
        const CsvPreview p = CsvPreview::read(
            path.toStdString(), delimiters[std::max(0, m_delimiter->currentIndex())],
            headers[std::max(0, m_header->currentIndex())], kPreviewRows);
        m_hasHeader = p.header;
        QStringList names;
        for (const std::string& n : p.names) names.append(QString::fromStdString(n));
        m_preview->setColumnCount(static_cast<int>(names.size()));
        m_preview->setHorizontalHeaderLabels(names);
        for (const std::vector<std::string>& row : p.rows) {
            QList<QStandardItem*> items;
            for (const std::string& cell : row)
                items.append(new QStandardItem(QString::fromStdString(cell)));
            m_preview->appendRow(items);
        }
        m_label->addItems(names);
        const int keep = m_label->findText(previous);
        m_label->setCurrentIndex(keep >= 0 ? keep : static_cast<int>(names.size()) - 1);
        m_detected->setText(
            tr("Detected: %1, %2")
                .arg(delimiterName(p.delimiter),
                     p.header ? tr("the first row is the header") : tr("no header row")));
    } catch (const std::exception& e) {
        showProblem(QString::fromStdString(e.what()));
    }
}

void DataDialog::reload() {
    m_data.reset();
    m_hash.clear();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_problem->clear();
    m_summary->clear();
    const QString path = m_path->text();
    if (path.isEmpty()) {
        m_loader->cancel();
        return;
    }
    const auto task = static_cast<TaskMode>(std::max(0, m_task->currentIndex()));
    DataLoader::Job job;
    if (isNpy()) {
        if (m_labelsPath->text().isEmpty()) {
            m_summary->setText(tr("Choose the targets (y) array too."));
            return;
        }
        job = [x = path.toStdString(), y = m_labelsPath->text().toStdString(), task](
                  const DataLoader::Report& report) { return NpyLoader::load(x, y, task, report); };
    } else {
        CsvOptions options;
        if (m_label->currentIndex() >= 0)
            options.label = m_hasHeader ? m_label->currentText().toStdString()
                                        : std::to_string(m_label->currentIndex());
        options.task = task;
        options.missing = static_cast<CsvOptions::Missing>(std::max(0, m_missing->currentIndex()));
        static const char delimiters[] = {0, ',', ';', '\t'};
        options.delimiter = delimiters[std::max(0, m_delimiter->currentIndex())];
        options.header = static_cast<CsvOptions::Header>(std::max(0, m_header->currentIndex()));
        const double size = static_cast<double>(QFileInfo(path).size());
        job = [file = path.toStdString(), options, size](const DataLoader::Report& report) {
            CsvOptions o = options;
            o.progress = [&report, size](std::uint64_t bytes) {
                return report(size > 0 ? static_cast<double>(bytes) / size : -1.0);
            };
            return CsvLoader::load(file, o);
        };
    }
    m_progress->setRange(0, 0);  // busy until the loader reports a fraction
    m_progress->setVisible(true);
    m_cancelLoad->setVisible(true);
    m_loader->start(std::move(job));
}

void DataDialog::cancelLoad() {
    m_loader->cancel();
}

void DataDialog::showProblem(const QString& message) {
    m_progress->setVisible(false);
    m_cancelLoad->setVisible(false);
    m_problem->setText(message);
}

void DataDialog::onLoaded(std::shared_ptr<const Dataset> data) {
    m_progress->setVisible(false);
    m_cancelLoad->setVisible(false);
    m_data = std::move(data);
    m_hash = datasetHash(*m_data);
    const DatasetSummary s = DatasetSummary::of(*m_data);
    QString text =
        tr("%1 samples, input %2").arg(s.rows).arg(QString::fromStdString(s.inputShape.toString()));
    if (s.task == Task::Classification) {
        QStringList classes;
        for (const auto& c : s.classes)
            classes.append(
                QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.name)).arg(c.count));
        text += tr(", %1 classes: %2").arg(classes.size()).arg(classes.join(QStringLiteral(", ")));
    } else {
        text += tr(", regression with %1 target(s)").arg(s.outputs);
    }
    if (s.droppedRows > 0) text += tr("; %1 rows dropped for missing values").arg(s.droppedRows);
    m_summary->setText(text);
    if (isNpy()) {
        // No text to preview: show the first samples as loaded.
        m_preview->clear();
        const Index n = std::min<Index>(kPreviewRows, m_data->size());
        const Index features = std::min<Index>(m_data->x.rows(), 64);
        for (Index j = 0; j < n; ++j) {
            QList<QStandardItem*> items;
            for (Index f = 0; f < features; ++f)
                items.append(new QStandardItem(QString::number(m_data->x(f, j))));
            items.append(new QStandardItem(
                m_data->task == Task::Classification
                    ? QString::fromStdString(
                          m_data->classNames[static_cast<std::size_t>(m_data->labels[j])])
                    : QString::number(m_data->y(0, j))));
            m_preview->appendRow(items);
        }
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
}

QString DataDialog::storedPath(const QString& path) const {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_projectDir.isEmpty()) return absolute;
    const QString relative = QDir(m_projectDir).relativeFilePath(absolute);
    return relative.startsWith(QStringLiteral("..")) ? absolute : relative;
}

std::string DataDialog::spec() const {
    DataSpec s;
    static const char* tasks[] = {"auto", "classification", "regression"};
    const int task = std::max(0, m_task->currentIndex());
    if (task != 0) s.options["task"] = tasks[task];
    if (isNpy()) {
        s.kind = "npy";
        s.source = storedPath(m_path->text()).toStdString() + "," +
                   storedPath(m_labelsPath->text()).toStdString();
        return s.toString();
    }
    s.kind = "csv";
    s.source = storedPath(m_path->text()).toStdString();
    if (m_label->currentIndex() >= 0)
        s.options["label"] = m_hasHeader ? m_label->currentText().toStdString()
                                         : std::to_string(m_label->currentIndex());
    static const char* missing[] = {"error", "drop", "mean"};
    if (m_missing->currentIndex() > 0) s.options["missing"] = missing[m_missing->currentIndex()];
    static const char* delimiters[] = {"auto", "comma", "semicolon", "tab"};
    if (m_delimiter->currentIndex() > 0)
        s.options["delimiter"] = delimiters[m_delimiter->currentIndex()];
    static const char* headers[] = {"auto", "yes", "no"};
    if (m_header->currentIndex() > 0) s.options["header"] = headers[m_header->currentIndex()];
    return s.toString();
}

TrainConfig DataDialog::training() const {
    TrainConfig c = m_training;
    c.valSplit = m_valSplit->value();
    c.normalization = m_normalization->currentText().toStdString();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

void DataDialog::accept() {
    if (!isReady()) return;
    QDialog::accept();
}

}  // namespace byom::ui
