#pragma once

#include <QObject>
#include <QString>
#include <QUndoStack>
#include <memory>

#include "core/data/dataset.h"
#include "core/project/project.h"
#include "ui/commands/layerpath.h"

namespace byom {
class ModelFactory;
}

namespace byom::ui {

/// Owns the open project and its undo stack. Everything that changes the project goes through
/// an undo command pushed here (the mutators below are for commands only); views listen to the
/// change signals, which say what changed (a layer inserted, moved, one field of a layer), so
/// they update what shows it instead of rebuilding. Which stack is being edited is view state,
/// not part of the history.
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
    /// The registry as far as it is valid (ModelFactory::usable), built again only when the
    /// architectures change.
    const ModelFactory& factory() const;
    /// The layer's name by the one naming rule (core's LayerNamer over the resolved stack).
    std::string layerName(int stack, const LayerPath& path) const;

    /// Replaces the project (open/new); clears the undo history. Throws nothing: returns false
    /// and fills `error` when the file cannot be read, leaving the document unchanged.
    bool load(const QString& path, QString* error);
    void reset(Project project, const QString& path = {});
    bool save(const QString& path, QString* error);

    // Mutators used by undo commands only.
    void insertLayer(int stack, const LayerPath& path, LayerSpec spec);
    LayerSpec takeLayer(int stack, const LayerPath& path);
    /// Moves one layer; `to` is its path after the move. A move onto itself does nothing.
    void moveLayer(int stack, const LayerPath& from, const LayerPath& to);
    /// One field of a layer: "label", or a parameter (nullopt removes it).
    void setLayerField(int stack, const LayerPath& path, const std::string& key,
                       const std::optional<json>& value);
    /// Name, input shape and classes of a stack (its layers are kept).
    void setStackHeader(int stack, const StackEntry& header);
    void insertStack(int index, StackEntry stack);
    StackEntry takeStack(int index);
    void insertArchitecture(int index, StackEntry arch);
    StackEntry takeArchitecture(int index);
    /// Replaces the registered architectures (a rename, which changes references among them).
    void setArchitectures(std::vector<StackEntry> archs);
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
    /// A whole new project (open, new): views start over.
    void projectReplaced();
    /// A layer was inserted at `path` of `stack`.
    void layerInserted(int stack, const byom::ui::LayerPath& path);
    /// The layer at `path` is about to be taken out, and has been.
    void layerAboutToBeRemoved(int stack, const byom::ui::LayerPath& path);
    void layerRemoved(int stack, const byom::ui::LayerPath& path);
    /// A layer moved from `from` (as read before) to `to` (as read after the move).
    void layerMoved(int stack, const byom::ui::LayerPath& from, const byom::ui::LayerPath& to);
    /// One field of a layer changed: "label" or a parameter's name.
    void layerChanged(int stack, const byom::ui::LayerPath& path, const QString& key);
    /// The name, input shape or classes of a stack changed.
    void stackHeaderChanged(int stack);
    /// An edit added layers (or moved them, or put them back): views select them.
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
    void architecturesEdited();

    Project m_project;
    QString m_filePath;
    QUndoStack m_undoStack;
    int m_current = 0;
    std::optional<DataShape> m_dataShape;
    mutable std::shared_ptr<const ModelFactory> m_factory;  // built on first use
};

/// A built-in example project (resources/examples/spirals.byom).
Project exampleProject();

}  // namespace byom::ui
