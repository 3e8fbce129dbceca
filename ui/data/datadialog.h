#pragma once

#include <QDialog>
#include <memory>
#include <string>

#include "core/data/dataset.h"
#include "core/train/trainconfig.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
QT_END_NAMESPACE

namespace byom::ui {

class DataLoader;

/// Opens a CSV file or NumPy arrays as the project's data set. Shows the first rows with the
/// detected delimiter and header, lets the user pick the label column, task, missing-value
/// policy, validation split, normalisation and seed, and loads the whole file off the GUI
/// thread (with progress and Cancel) so every problem the loader finds is shown here, before
/// the choice can be accepted. Accepting changes nothing by itself: the caller applies spec(),
/// dataHash() and training() as one undo command.
class DataDialog : public QDialog {
    Q_OBJECT

public:
    /// `training`: the project's config (split, normalisation and seed start from it);
    /// `projectDir`: paths inside it are stored relative to it.
    DataDialog(const TrainConfig& training, const QString& projectDir, QWidget* parent = nullptr);
    ~DataDialog() override;

    /// A .csv file, or the x array of a NumPy pair.
    void setPath(const QString& path);
    /// The y array of a NumPy pair.
    void setLabelsPath(const QString& path);
    /// Selects the label column by its header name (or "column N" without a header).
    bool setLabelColumn(const QString& name);

    std::string spec() const;
    std::string dataHash() const { return m_hash; }
    TrainConfig training() const;
    /// Loaded with the current choices and without a problem.
    bool isReady() const { return m_data != nullptr; }
    bool isLoading() const;
    QString problem() const;
    QString summary() const;
    const Dataset* dataset() const { return m_data.get(); }
    QStandardItemModel* previewModel() const { return m_preview; }
    void cancelLoad();

    void accept() override;

private:
    bool isNpy() const;
    void refreshPreview();
    void reload();
    void showProblem(const QString& message);
    void onLoaded(std::shared_ptr<const Dataset> data);
    QString storedPath(const QString& path) const;

    QString m_projectDir;
    TrainConfig m_training;
    QLineEdit* m_path;
    QLineEdit* m_labelsPath;
    QWidget* m_csvOptions;
    QComboBox* m_delimiter;
    QComboBox* m_header;
    QComboBox* m_label;
    QComboBox* m_task;
    QComboBox* m_missing;
    QDoubleSpinBox* m_valSplit;
    QComboBox* m_normalization;
    QSpinBox* m_seed;
    QLabel* m_detected;
    QTableView* m_table;
    QStandardItemModel* m_preview;
    QLabel* m_problem;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QPushButton* m_cancelLoad;
    QDialogButtonBox* m_buttons;
    DataLoader* m_loader;
    std::shared_ptr<const Dataset> m_data;
    std::string m_hash;
    bool m_hasHeader = false;
};

}  // namespace byom::ui
