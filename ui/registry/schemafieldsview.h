#pragma once

#include <QTreeWidget>
#include <string>
#include <vector>

namespace byom {
class Schema;
}

namespace byom::ui {

/// An architecture's parameters as a table a user can read: each field with its type, default
/// and description (the fields of list items, such as a block's, nested under the list), the
/// fields accepted without effect greyed with the reason, the keys dropped on import, and, in
/// the rows' tooltips, the whole description.
class SchemaFieldsView : public QTreeWidget {
    Q_OBJECT

public:
    enum Column { NameColumn, TypeColumn, DefaultColumn, DescriptionColumn };

    explicit SchemaFieldsView(QWidget* parent = nullptr);

    void showSchema(const Schema& schema);
    /// The row of field `name` at the top level (nullptr if none).
    QTreeWidgetItem* field(const QString& name) const;
};

}  // namespace byom::ui
