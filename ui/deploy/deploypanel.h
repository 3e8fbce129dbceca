#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>

#include "core/deploy/budget.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace byom::ui {

class BudgetBar;
class BudgetCalculator;
class Document;
class ExportMenu;
struct Prompter;
class MessageLabel;
class QuantizationSection;
class StackModel;
class TargetChooser;

/// Deploy: does the current stack fit a microcontroller, and how fast would it run there. The
/// budget `byom deploy --project P --arch STACK --target T` reports (core's Budget of the C
/// library export, fresh weights standing in for trained ones), recomputed off the GUI thread
/// a moment after the stack or the target changes: flash and RAM bars against the target's,
/// MACs, the estimated latency and how it was estimated, whether it fits, and each layer's
/// share. A stack that does not build shows why instead. The target is a UI setting
/// (QSettings "deploy/target"), not part of the project.
class DeployPanel : public QWidget {
    Q_OBJECT

public:
    DeployPanel(Document* document, StackModel* model, QWidget* parent = nullptr);
    ~DeployPanel() override;

    /// The Export C library button triggers File > Export > Trained model > C library; the
    /// quantisation section saves and exports its int8 model through the menu and `prompter`.
    void setExportMenu(ExportMenu* menu, Prompter* prompter);

    TargetChooser* targetChooser() const { return m_target; }
    BudgetBar* flashBar() const { return m_flashBar; }
    BudgetBar* ramBar() const { return m_ramBar; }
    QLabel* macsLabel() const { return m_macs; }
    QLabel* latencyLabel() const { return m_latency; }
    QLabel* fitsLabel() const { return m_fits; }
    QTreeWidget* layerTable() const { return m_layers; }
    MessageLabel* reasonLabel() const { return m_reason; }
    QPushButton* exportButton() const { return m_export; }
    QuantizationSection* quantization() const { return m_quantization; }
    /// The budget shown; null while the stack or the target has none.
    const std::shared_ptr<const Budget>& budget() const { return m_budget; }

    static constexpr int kDebounceMs = 250;

Q_SIGNALS:
    /// A budget or a reason is shown for the latest stack and target.
    void updated();

private:
    void schedule();
    void compute();
    void showBudget(std::shared_ptr<const Budget> budget);
    void showReason(const QString& reason);
    void fillLayers(const Budget& b);
    void updateExport();

    Document* m_document;
    StackModel* m_model;
    BudgetCalculator* m_calculator;
    TargetChooser* m_target;
    QLabel* m_stackNote;
    QWidget* m_results;
    BudgetBar* m_flashBar;
    QLabel* m_flashDetail;
    BudgetBar* m_ramBar;
    QLabel* m_ramDetail;
    QLabel* m_macs;
    QLabel* m_latency;
    QLabel* m_method;
    QLabel* m_fits;
    QTreeWidget* m_layers;
    MessageLabel* m_reason;
    QPushButton* m_export;
    QuantizationSection* m_quantization;
    ExportMenu* m_exportMenu = nullptr;
    QTimer m_debounce;
    std::shared_ptr<const Budget> m_budget;
};

}  // namespace byom::ui
