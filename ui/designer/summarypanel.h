#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTreeWidget;
QT_END_NAMESPACE

namespace byom::ui {

class Document;
class StackModel;

/// The Keras-style summary of the current stack: one row per layer (output shape, parameters,
/// FLOPs), totals, FLOPs per sample and the training memory estimate.
class SummaryPanel : public QWidget {
    Q_OBJECT

public:
    SummaryPanel(Document* document, StackModel* model, QWidget* parent = nullptr);

    QTreeWidget* table() const { return m_table; }
    QString totalsText() const;

private:
    void refresh();

    Document* m_document;
    StackModel* m_model;
    QTreeWidget* m_table;
    QLabel* m_totals;
};

}  // namespace byom::ui
