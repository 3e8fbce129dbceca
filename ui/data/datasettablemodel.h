#pragma once

#include <QAbstractTableModel>
#include <memory>

#include "core/data/dataset.h"

namespace byom::ui {

/// A loaded data set as a read-only table: one row per sample, one column per feature (the
/// first 64 values of a (length, channels) frame), then the label or targets.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    static constexpr int kMaxFeatureColumns = 64;

    explicit DatasetTableModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> data);
    const Dataset* dataset() const { return m_data.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int featureColumns() const;

    std::shared_ptr<const Dataset> m_data;
};

}  // namespace byom::ui
