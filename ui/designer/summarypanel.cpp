#include "ui/designer/summarypanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/model/summary.h"
#include "core/registry/modelfactory.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"

namespace byom::ui {

namespace {

/// Building a model allocates its weights: beyond this the panel only shows the totals.
constexpr qint64 kMaxSummaryParams = 20'000'000;

QString bytesText(long long bytes) {
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

}  // namespace

SummaryPanel::SummaryPanel(Document* document, StackModel* model, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_model(model),
      m_table(new QTreeWidget),
      m_totals(new QLabel) {
    setObjectName(QStringLiteral("summaryPanel"));
    m_table->setObjectName(QStringLiteral("summaryTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({tr("Layer (type)"), tr("Output shape"), tr("Param #"), tr("FLOPs")});
    m_table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_totals->setWordWrap(true);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_totals);
    connect(model, &StackModel::stackUpdated, this, &SummaryPanel::refresh);
    refresh();
}

QString SummaryPanel::totalsText() const {
    return m_totals->text();
}

void SummaryPanel::refresh() {
    m_table->clear();
    const auto issue = m_model->issue();
    if (issue && !issue->dataMismatch) {
        m_totals->setText(
            tr("The stack does not fit together yet: %1").arg(m_model->problem().toHtmlEscaped()));
        return;
    }
    if (m_model->totalParams() > kMaxSummaryParams) {
        m_totals->setText(tr("Total params: %1 (too large for a per-layer summary here)")
                              .arg(QLocale().toString(m_model->totalParams())));
        return;
    }
    const StackEntry& stack = m_document->currentStack();
    try {
        const ModelFactory factory =
            ModelFactory::withArchitectures(m_document->project().architectures);
        const Model<float> model(factory.resolve(stack.layers), stack.inputShape);
        const ModelSummary s = summarize(model, stack.name);
        auto number = [](long long v) { return QLocale().toString(v); };
        for (const SummaryRow& r : s.rows) {
            auto* item =
                new QTreeWidgetItem({QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.name),
                                                                   QString::fromStdString(r.kind)),
                                     QString::fromStdString(r.outputShape.toString()),
                                     number(r.params), number(r.flops)});
            item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
            m_table->addTopLevelItem(item);
        }
        m_totals->setText(
            tr("<b>Total params: %1</b> (%2)<br>Trainable: %3 &nbsp; Non-trainable: %4<br>"
               "FLOPs per sample (forward): %5<br>Training memory (batch 32, Adam): %6")
                .arg(number(s.total()), bytesText(4LL * s.total()), number(s.trainable),
                     number(s.nonTrainable), number(s.flops), bytesText(s.trainingBytes)) +
            (issue ? tr("<br><span style='color:#d03030'>Not trainable on the data set yet: "
                        "%1</span>")
                         .arg(m_model->problem().toHtmlEscaped())
                   : QString()));
    } catch (const std::exception& e) {
        m_totals->setText(QString::fromStdString(e.what()).toHtmlEscaped());
    }
}

}  // namespace byom::ui
