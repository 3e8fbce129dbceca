#include "ui/data/datasettablemodel.h"

namespace byom::ui {

DatasetTableModel::DatasetTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetTableModel::setDataset(std::shared_ptr<const Dataset> data) {
    beginResetModel();
    m_data = std::move(data);
    endResetModel();
}

int DatasetTableModel::featureColumns() const {
    if (!m_data) return 0;
    return static_cast<int>(std::min<Index>(m_data->x.rows(), kMaxFeatureColumns));
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_data) return 0;
    return static_cast<int>(std::min<Index>(m_data->size(), 1 << 30));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_data) return 0;
    return featureColumns() + static_cast<int>(m_data->task == Task::Classification
                                                   ? 1
                                                   : std::min<Index>(m_data->y.rows(), 16));
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
    if (!m_data || !index.isValid() || (role != Qt::DisplayRole && role != Qt::TextAlignmentRole))
        return {};
    const int f = featureColumns();
    const Index j = index.row();
    if (role == Qt::TextAlignmentRole)
        return index.column() < f || m_data->task == Task::Regression
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (index.column() < f) return double(m_data->x(index.column(), j));
    if (m_data->task == Task::Classification)
        return QString::fromStdString(m_data->classNames[static_cast<std::size_t>(
            m_data->labels[static_cast<std::size_t>(j)])]);
    return double(m_data->y(index.column() - f, j));
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || !m_data) return {};
    if (orientation == Qt::Vertical) return section + 1;
    const int f = featureColumns();
    if (section < f) {
        if (static_cast<std::size_t>(section) < m_data->featureNames.size())
            return QString::fromStdString(m_data->featureNames[static_cast<std::size_t>(section)]);
        return tr("x%1").arg(section + 1);
    }
    if (m_data->task == Task::Classification) return tr("label");
    return m_data->y.rows() == 1 ? tr("target") : tr("target %1").arg(section - f + 1);
}

}  // namespace byom::ui
