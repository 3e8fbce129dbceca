#include "ui/deploy/deploypanel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/deploy/budgetbar.h"
#include "ui/deploy/budgetcalculator.h"
#include "ui/deploy/quantizationsection.h"
#include "ui/deploy/targetchooser.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/widgets/messagelabel.h"
#include "ui/window/exportmenu.h"

namespace byom::ui {

namespace {

const QString kTargetKey = QStringLiteral("deploy/target");
const QString kRed = QStringLiteral("#d03030");
// The Summary panel's limit too: above it the panel says so instead of building the model.
constexpr qint64 kMaxLiveParams = 20'000'000;

QLabel* wrapping(QLabel* label) {
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString bytes(long long b) {
    return BudgetBar::bytesText(b);
}

}  // namespace

DeployPanel::DeployPanel(Document* document, StackModel* model, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_model(model),
      m_calculator(new BudgetCalculator(this)),
      m_target(new TargetChooser),
      m_stackNote(wrapping(new QLabel)),
      m_results(new QWidget),
      m_flashBar(new BudgetBar),
      m_flashDetail(wrapping(new QLabel)),
      m_ramBar(new BudgetBar),
      m_ramDetail(wrapping(new QLabel)),
      m_macs(wrapping(new QLabel)),
      m_latency(wrapping(new QLabel)),
      m_method(wrapping(new QLabel)),
      m_fits(wrapping(new QLabel)),
      m_layers(new QTreeWidget),
      m_reason(new MessageLabel),
      m_export(new QPushButton(tr("Export C library..."))),
      m_quantization(new QuantizationSection(document)) {
    setObjectName(QStringLiteral("deployPanel"));
    m_flashBar->setObjectName(QStringLiteral("flashBar"));
    m_ramBar->setObjectName(QStringLiteral("ramBar"));
    m_macs->setObjectName(QStringLiteral("macsLabel"));
    m_latency->setObjectName(QStringLiteral("latencyLabel"));
    m_method->setObjectName(QStringLiteral("latencyMethod"));
    m_fits->setObjectName(QStringLiteral("fitsLabel"));
    m_layers->setObjectName(QStringLiteral("deployLayers"));
    m_reason->setObjectName(QStringLiteral("deployReason"));
    m_export->setObjectName(QStringLiteral("exportCButton"));
    m_method->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_reason->setStyleSheet(QStringLiteral("color: ") + kRed);
    m_layers->setRootIsDecorated(false);
    m_layers->setAlternatingRowColors(true);
    m_layers->setHeaderLabels(
        {tr("Layer"), tr("Kind"), tr("MACs"), tr("Weights"), tr("Latency share")});
    m_layers->headerItem()->setToolTip(
        4, tr("The layer's share of the estimated latency (the rest: the call and the output "
              "copy)"));
    m_layers->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* figures = new QGridLayout;
    figures->setContentsMargins(0, 0, 0, 0);
    figures->setVerticalSpacing(2);
    figures->addWidget(new QLabel(tr("Flash:")), 0, 0);
    figures->addWidget(m_flashBar, 0, 1);
    figures->addWidget(m_flashDetail, 1, 1);
    figures->addWidget(new QLabel(tr("RAM:")), 2, 0);
    figures->addWidget(m_ramBar, 2, 1);
    figures->addWidget(m_ramDetail, 3, 1);
    auto* results = new QVBoxLayout(m_results);
    results->setContentsMargins(0, 0, 0, 0);
    results->addLayout(figures);
    results->addWidget(m_macs);
    results->addWidget(m_latency);
    results->addWidget(m_method);
    results->addWidget(m_fits);
    results->addWidget(m_layers, 1);

    m_layers->setMinimumHeight(120);
    // Scrolled rather than squeezed when the dock is short.
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(4, 4, 4, 4);
    column->addWidget(m_target);
    column->addWidget(m_stackNote);
    column->addWidget(m_results, 1);
    column->addWidget(m_reason);
    column->addSpacing(8);
    column->addWidget(m_quantization);
    column->addStretch(0);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_export, 0, Qt::AlignRight);
    m_reason->hide();
    m_export->setToolTip(
        tr("Writes the trained model (the run selected in Runs, else the latest) as a C library "
           "for microcontrollers: File > Export > Trained model > C Library"));
    m_export->setEnabled(false);

    m_target->setSpec(QSettings().value(kTargetKey).toString());
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &DeployPanel::compute);
    connect(m_target, &TargetChooser::targetChanged, this, [this](const QString& spec) {
        QSettings().setValue(kTargetKey, spec);
        schedule();
    });
    connect(model, &StackModel::stackUpdated, this, &DeployPanel::schedule);
    connect(m_calculator, &BudgetCalculator::ready, this, &DeployPanel::showBudget);
    connect(m_calculator, &BudgetCalculator::failed, this, &DeployPanel::showReason);
    connect(document, &Document::runsChanged, this, &DeployPanel::updateExport);
    connect(document, &Document::projectReplaced, this, &DeployPanel::updateExport);
    connect(m_export, &QPushButton::clicked, this, [this] {
        if (!m_exportMenu) return;
        m_exportMenu->refresh();
        for (QAction* a : m_exportMenu->runActions())
            if (a->objectName() == QStringLiteral("exportRun_c") && a->isEnabled()) a->trigger();
    });
    schedule();
}

DeployPanel::~DeployPanel() = default;

void DeployPanel::setExportMenu(ExportMenu* menu, Prompter* prompter) {
    m_exportMenu = menu;
    m_quantization->setRunChooser([menu] { return menu->runToExport(); });
    m_quantization->setOutputs(prompter, menu);
    updateExport();
}

void DeployPanel::updateExport() {
    m_export->setEnabled(m_exportMenu && !m_document->project().runs.empty());
}

void DeployPanel::schedule() {
    m_debounce.start();
}

void DeployPanel::compute() {
    const StackEntry& stack = m_document->currentStack();
    m_stackNote->setText(
        tr("Stack \"%1\", untrained (only the weights' count matters), as <tt>byom deploy "
           "--project P --arch %1</tt> budgets its C library.")
            .arg(QString::fromStdString(stack.name).toHtmlEscaped()));
    // Building a huge stack's weights to count them would take seconds and gigabytes; none
    // of the targets could hold them anyway.
    if (m_model->totalParams() > kMaxLiveParams) {
        m_calculator->discard();
        showReason(tr("%L1 parameters (%2 of weights): too large to budget live here, and for "
                      "any microcontroller. Make the stack smaller, or run byom deploy.")
                       .arg(m_model->totalParams())
                       .arg(bytes(4 * m_model->totalParams())));
        return;
    }
    Target target;
    try {
        target = Target::parse(m_target->spec().toStdString());
    } catch (const std::exception& e) {
        m_calculator->discard();
        showReason(QString::fromStdString(e.what()));
        return;
    }
    m_calculator->request(stack, m_document->project().architectures, target);
}

void DeployPanel::showBudget(std::shared_ptr<const Budget> budget) {
    m_budget = std::move(budget);
    const Budget& b = *m_budget;
    m_reason->hide();
    m_results->show();
    m_flashBar->setUsage(b.flashBytes(), b.target.flashBytes);
    m_flashDetail->setText(
        tr("weights %1 + code about %2 (estimate)").arg(bytes(b.weightBytes), bytes(b.codeBytes)));
    m_ramBar->setUsage(b.ramBytes(), b.target.ramBytes);
    m_ramDetail->setText(
        tr("arena %1 planned over tensor lifetimes (%2 unplanned) + input %3 + output %4")
            .arg(bytes(b.arenaBytes), bytes(b.arenaNaiveBytes), bytes(b.inputBytes),
                 bytes(b.outputBytes)));
    m_macs->setText(tr("MACs per inference: %L1").arg(b.macs));
    m_latency->setText(tr("<b>Estimated latency: about %1 ms</b> on %2 at %3 MHz")
                           .arg(QString::number(b.latencyMs(), 'g', 3),
                                QString::fromStdString(b.target.title).toHtmlEscaped(),
                                QString::number(b.target.clockHz / 1e6)));
    m_method->setText(tr("An estimate: %L1 instructions per inference, from %2.")
                          .arg(std::llround(b.instructions))
                          .arg(QString::fromStdString(b.method)));
    const long long flashMargin = b.target.flashBytes - b.flashBytes();
    const long long ramMargin = b.target.ramBytes - b.ramBytes();
    if (b.fits()) {
        m_fits->setText(tr("<b>Fits</b>: %1 of flash and %2 of RAM to spare")
                            .arg(bytes(flashMargin), bytes(ramMargin)));
        m_fits->setStyleSheet(QString());
    } else {
        QStringList over;
        if (flashMargin < 0) over << tr("flash by %1").arg(bytes(-flashMargin));
        if (ramMargin < 0) over << tr("RAM by %1").arg(bytes(-ramMargin));
        m_fits->setText(
            tr("<b>Does not fit</b>: over the target's %1").arg(over.join(tr(" and "))));
        m_fits->setStyleSheet(QStringLiteral("color: ") + kRed);
    }
    fillLayers(b);
    Q_EMIT updated();
}

void DeployPanel::fillLayers(const Budget& b) {
    m_layers->clear();
    for (const Budget::Layer& l : b.layers) {
        auto* item = new QTreeWidgetItem(
            {QString::fromStdString(l.name), QString::fromStdString(l.kind),
             QLocale().toString(l.macs), bytes(l.weightBytes),
             QLocale().toString(100.0 * b.latencyShare(l), 'f', 1) + QLatin1Char('%')});
        for (int c = 2; c < 5; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(
            4, tr("about %1 ms").arg(QString::number(b.latencyMs() * b.latencyShare(l), 'g', 3)));
        m_layers->addTopLevelItem(item);
    }
}

void DeployPanel::showReason(const QString& reason) {
    m_budget.reset();
    m_results->hide();
    m_reason->setMessage(tr("No budget: %1").arg(reason));
    m_reason->show();
    Q_EMIT updated();
}

}  // namespace byom::ui
