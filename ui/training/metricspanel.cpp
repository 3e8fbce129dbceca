#include "ui/training/metricspanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/training/confusionmatrixview.h"

namespace byom::ui {

namespace {

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString number(const json& v, int decimals = 3) {
    return v.is_number() ? QString::number(v.get<double>(), 'f', decimals) : QStringLiteral("–");
}

}  // namespace

MetricsPanel::MetricsPanel(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("metricsTitle"));
    m_title->setWordWrap(true);
    m_matrix = new ConfusionMatrixView;
    m_matrix->setObjectName(QStringLiteral("confusionMatrix"));
    m_table = new QTableWidget(0, 5);
    m_table->setObjectName(QStringLiteral("classMetrics"));
    m_table->setHorizontalHeaderLabels(
        {tr("class"), tr("precision"), tr("recall"), tr("F1"), tr("support")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_matrix);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(split, 1);
    clear();
}

void MetricsPanel::clear() {
    m_title->setText(tr("No run yet"));
    m_matrix->clear();
    m_table->setRowCount(0);
}

void MetricsPanel::setMetrics(const json& metrics, const QString& title) {
    clear();
    if (!metrics.is_object()) return;
    const QString split = QString::fromStdString(metrics.value("split", std::string("validation")));
    QString text = tr("<b>%1</b> on the %2 split (%3 samples): loss %4")
                       .arg(title.toHtmlEscaped(), split)
                       .arg(metrics.value("samples", 0))
                       .arg(number(metrics.value("loss", json()), 4));
    if (!metrics.contains("confusion_matrix")) {
        // Regression: no classes to confuse.
        text += tr(", MAE %1, RMSE %2, R² %3")
                    .arg(number(metrics.value("mae", json()), 4),
                         number(metrics.value("rmse", json()), 4),
                         number(metrics.value("r2", json()), 4));
        m_title->setText(text);
        return;
    }
    text += tr(", accuracy %1, weighted F1 %2")
                .arg(number(metrics.value("accuracy", json())),
                     number(metrics.value("weighted_f1", json())));
    m_title->setText(text);
    QStringList names;
    for (const json& n : metrics.value("class_names", json::array()))
        names.append(QString::fromStdString(n.is_string() ? n.get<std::string>() : n.dump()));
    std::vector<std::vector<long long>> counts;
    for (const json& row : metrics["confusion_matrix"]) {
        std::vector<long long> r;
        for (const json& v : row) r.push_back(v.get<long long>());
        counts.push_back(std::move(r));
    }
    m_matrix->setMatrix(names, counts);
    const json perClass = metrics.value("per_class", json::array());
    m_table->setRowCount(static_cast<int>(perClass.size()));
    // Every class's row shows (up to eight; more scroll).
    const int shown = std::min(8, m_table->rowCount());
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() +
                              shown * m_table->verticalHeader()->defaultSectionSize() +
                              2 * m_table->frameWidth() + 2);
    for (int r = 0; r < static_cast<int>(perClass.size()); ++r) {
        const json& c = perClass[static_cast<std::size_t>(r)];
        const QString name = c.contains("class") && c["class"].is_string()
                                 ? QString::fromStdString(c["class"].get<std::string>())
                                 : (r < names.size() ? names[r] : QString::number(r));
        m_table->setItem(r, 0, cell(name, false));
        m_table->setItem(r, 1, cell(number(c.value("precision", json()))));
        m_table->setItem(r, 2, cell(number(c.value("recall", json()))));
        m_table->setItem(r, 3, cell(number(c.value("f1", json()))));
        m_table->setItem(r, 4, cell(QString::number(c.value("support", 0LL))));
    }
}

}  // namespace byom::ui
