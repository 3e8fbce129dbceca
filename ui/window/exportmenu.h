#pragma once

#include <QMenu>
#include <functional>
#include <string>

#include "core/util/json.h"

namespace byom::ui {

class Document;
struct Prompter;

/// File > Export: every format of core's exporter registry, in two sections. "Current stack"
/// writes the stack being edited in the formats that need no weights (params, keras-json,
/// pytorch); "Trained model" writes a kept run's model in every format (byom-model, ONNX,
/// TF.js, ...). The run is the one selected in the runs panel, else the latest.
class ExportMenu : public QMenu {
    Q_OBJECT

public:
    ExportMenu(Document* document, Prompter* prompter, QWidget* parent = nullptr);

    /// Tells the menu which runs are selected (the runs panel's selection).
    void setSelectedRuns(std::function<QList<int>()> selectedRuns);
    /// The run the "Trained model" actions write: the only selected run, else the latest;
    /// -1 when the project has no runs.
    int runToExport() const;

    /// Writes the current stack's architecture; false (after a warning) when the format
    /// cannot express a layer or the file cannot be written.
    bool exportStack(const QString& format, const QString& path);
    /// Writes run `index`'s trained model, normalisation folded in, on a thread of its own
    /// (the window keeps painting and takes no input meanwhile); returns when it is written.
    bool exportRun(int index, const QString& format, const QString& path);
    /// Writes a byom-model JSON (a run's, or the int8 model quantised from it) as exportRun
    /// does; `manifest` is the run's, for the C library's reference inputs.
    bool exportModel(const json& model, const json& manifest, const std::string& runName,
                     const QString& format, const QString& path);
    /// Asks where to write `format`; adds the format's extension when the name has none.
    QString askPath(const QString& format, const QString& what) const;
    /// The "Trained model" actions, one per format, for other menus (the runs panel's Export
    /// button) to share; call refresh() before showing them.
    const QList<QAction*>& runActions() const { return m_runActions; }
    /// Names the run to export in the section title and enables the run actions when there is one.
    void refresh();

Q_SIGNALS:
    void exported(const QString& path);

private:
    Document* m_document;
    Prompter* m_prompter;
    std::function<QList<int>()> m_selectedRuns;
    QAction* m_runSection = nullptr;
    QList<QAction*> m_runActions;
};

}  // namespace byom::ui
