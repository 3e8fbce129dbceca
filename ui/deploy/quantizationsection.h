#pragma once

#include <QWidget>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "core/quant/quantreport.h"

QT_BEGIN_NAMESPACE
class QChartView;
class QLabel;
class QPushButton;
class QThread;
class QTreeWidget;
class QTreeWidgetItem;
QT_END_NAMESPACE

namespace byom::ui {

class Document;
class ExportMenu;
class MessageLabel;
struct Prompter;

/// The Deploy panel's Quantisation section: what int8 costs for a trained run, as `byom
/// quantize` reports it (calibrated on the run's training split, measured on its validation
/// split): float and int8 accuracy, the rows whose class agrees, the weights' bytes, and a
/// bar per layer of its signal-to-quantisation-noise ratio, layers below 20 dB in red. Each
/// layer's "keep in float" box re-quantises with that layer left in float, in one click. The
/// int8 model shown can be saved (the file `byom quantize` writes) or exported as the int8 C
/// library. The work runs on its own thread; the run itself is never changed.
class QuantizationSection : public QWidget {
    Q_OBJECT

public:
    explicit QuantizationSection(Document* document, QWidget* parent = nullptr);
    ~QuantizationSection() override;

    /// Which run to quantise (an index into the project's runs, -1 for none).
    void setRunChooser(std::function<int()> chooser);
    /// Where the int8 model is saved or exported: the window's prompter and export menu.
    void setOutputs(Prompter* prompter, ExportMenu* exportMenu);

    QPushButton* quantizeButton() const { return m_quantize; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* exportButton() const { return m_export; }
    QTreeWidget* layerTable() const { return m_layers; }
    QChartView* chartView() const { return m_chart; }
    QLabel* summaryLabel() const { return m_summary; }
    const std::optional<QuantReport>& report() const { return m_report; }
    const std::set<std::string>& keptInFloat() const { return m_keep; }
    bool busy() const { return m_thread != nullptr; }

    /// The column of the layer table holding the "keep in float" boxes.
    static constexpr int kKeepColumn = 3;

Q_SIGNALS:
    /// A report (or an error) is shown for the latest request.
    void updated();

private:
    void start();
    void finish();
    void showReport(const QuantReport& r);
    void fillChart(const QuantReport& r);
    void keepToggled(QTreeWidgetItem* item, int column);
    void updateButton();
    /// Saves the int8 model shown (a byom-model file with its quantisation).
    void save();
    /// Writes the int8 model shown as the int8 C library.
    void exportC();

    struct Work;
    Document* m_document;
    std::function<int()> m_chooser;
    QPushButton* m_quantize;
    QPushButton* m_save;
    QPushButton* m_export;
    Prompter* m_prompter = nullptr;
    ExportMenu* m_exportMenu = nullptr;
    QLabel* m_summary;
    QChartView* m_chart;
    QTreeWidget* m_layers;
    MessageLabel* m_error;
    QThread* m_thread = nullptr;
    std::shared_ptr<Work> m_work;
    /// The finished work whose report is shown (its int8 model is what Save writes).
    std::shared_ptr<Work> m_shown;
    std::optional<QuantReport> m_report;
    std::set<std::string> m_keep;
    bool m_filling = false;
};

}  // namespace byom::ui
