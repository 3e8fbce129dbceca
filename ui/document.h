#pragma once

#include <QObject>
#include <QString>
#include <QUndoStack>

#include "core/data/dataset.h"
#include "core/project/project.h"
#include "ui/commands/layerpath.h"

namespace byom::ui {

/// Owns the open project and its undo stack. Everything that changes the project goes through
/// an undo command pushed here (the mutators below are for commands only); views listen to the
/// typed change signals. Which stack is being edited is view state, not part of the history.
class Document : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);
    /// Quiet: clearing the history on the way out is not an edit anyone should react to.
    ~Document() override;

    const Project& project() const { return m_project; }
    QUndoStack* undoStack() { return &m_undoStack; }
    QString filePath() const { return m_filePath; }
    bool isModified() const { return !m_undoStack.isClean(); }

    /// The stack being edited; a project always has at least one.
    int currentStackIndex() const { return m_current; }
    void setCurrentStackIndex(int index);
    const StackEntry& currentStack() const { return stackAt(m_current); }
    const StackEntry& stackAt(int index) const;
    const LayerSpec* layer(int stack, const LayerPath& path) const;
    /// Index of the registered architecture named `name`, or -1.
    int architectureIndex(const std::string& name) const;

    /// Replaces the project (open/new); clears the undo history. Throws nothing: returns false
    /// and fills `error` when the file cannot be read, leaving the document unchanged.
    bool load(const QString& path, QString* error);
    void reset(Project project, const QString& path = {});
    bool save(const QString& path, QString* error);

    // Mutators used by undo commands only.
    void insertLayer(int stack, const LayerPath& path, LayerSpec spec);
    LayerSpec takeLayer(int stack, const LayerPath& path);
    void setLayer(int stack, const LayerPath& path, LayerSpec spec);
    /// Name, input shape and classes of a stack (its layers are kept).
    void setStackHeader(int stack, const StackEntry& header);
    void insertStack(int index, StackEntry stack);
    StackEntry takeStack(int index);
    void insertArchitecture(int index, StackEntry arch);
    StackEntry takeArchitecture(int index);
    /// Replaces every stack and architecture at once (renames that update references).
    void setStacksAndArchitectures(std::vector<StackEntry> stacks, std::vector<StackEntry> archs);
    /// Marks layers as just added, so views can select them.
    void announceInserted(int stack, const QList<LayerPath>& paths);
    /// The data set reference (spec and content hash).
    void setData(const std::string& spec, const std::string& hash);
    void setTraining(const TrainConfig& config);
    void insertRun(int index, RunRecord run);
    RunRecord takeRun(int index);
    void setRunName(int index, const std::string& name);
    /// A run name not used yet in the project ("run 3").
    std::string nextRunName() const;

    /// The shape of the project's data set as loaded (nothing while it loads or fails): what
    /// the stack is checked against before it trains. Derived state, not part of the history.
    const std::optional<DataShape>& dataShape() const { return m_dataShape; }
    void setDataShape(std::optional<DataShape> shape);

Q_SIGNALS:
    void projectReplaced();
    /// The layers or the header of one stack changed.
    void stackChanged(int stack);
    /// Layers were added to a stack (after stackChanged), e.g. to select them.
    void layersInserted(int stack, const QList<byom::ui::LayerPath>& paths);
    /// Stacks were added, removed or renamed.
    void stacksChanged();
    void architecturesChanged();
    void currentStackChanged(int index);
    /// The data spec changed (the data set to train on).
    void dataChanged();
    /// The loaded data set's shape became known, changed or unknown.
    void dataShapeChanged();
    void trainingChanged();
    /// Runs were added, removed or renamed.
    void runsChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);

private:
    StackEntry& mutableStack(int index);

    Project m_project;
    QString m_filePath;
    QUndoStack m_undoStack;
    int m_current = 0;
    std::optional<DataShape> m_dataShape;
};

/// A built-in example project (resources/examples/spirals.byom).
Project exampleProject();

}  // namespace byom::ui
