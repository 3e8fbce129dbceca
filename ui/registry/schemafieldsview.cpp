#include "ui/registry/schemafieldsview.h"

#include <QHeaderView>

#include "core/schema/schema.h"
#include "core/util/strings.h"

namespace byom::ui {

namespace {

QString typeText(const ParamSpec& p) {
    QString type = QString::fromLatin1(toString(p.type));
    if (p.type == ParamType::Enum) type = QString::fromStdString(join(p.choices, "|"));
    if (p.type == ParamType::List && p.element && p.element->fields)
        type = QStringLiteral("list of objects");
    if (p.nullable) type += QStringLiteral(" | null");
    return type;
}

QString defaultText(const ParamSpec& p) {
    if (p.required()) return QObject::tr("required");
    if (p.type == ParamType::List && p.defaultValue.is_array() && p.defaultValue.size() > 1)
        return QObject::tr("%n item(s)", nullptr, static_cast<int>(p.defaultValue.size()));
    return QString::fromStdString(p.defaultValue.dump());
}

void greyOut(QTreeWidgetItem* item, const QString& why) {
    for (int c = 0; c < item->columnCount(); ++c) {
        item->setForeground(c, QBrush(Qt::gray));
        QFont f = item->font(c);
        f.setItalic(true);
        item->setFont(c, f);
    }
    item->setText(SchemaFieldsView::DescriptionColumn, QObject::tr("No effect: %1").arg(why));
}

void addFields(const Schema& schema, const std::function<void(QTreeWidgetItem*)>& add) {
    for (const ParamSpec& p : schema.params()) {
        auto* item = new QTreeWidgetItem({QString::fromStdString(p.name), typeText(p),
                                          defaultText(p), QString::fromStdString(p.doc)});
        if (!p.ignored.empty()) greyOut(item, QString::fromStdString(p.ignored));
        add(item);
        if (p.element && p.element->fields)
            addFields(*p.element->fields,
                      [item](QTreeWidgetItem* child) { item->addChild(child); });
    }
    for (const auto& dropped : schema.dropped()) {
        auto* item = new QTreeWidgetItem(
            {QString::fromStdString(dropped.first), QObject::tr("dropped"), QString(), QString()});
        greyOut(item, QString::fromStdString(dropped.second));
        add(item);
    }
}

}  // namespace

SchemaFieldsView::SchemaFieldsView(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("registryFields"));
    setHeaderLabels({tr("Field"), tr("Type"), tr("Default"), tr("Description")});
    header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(TypeColumn, QHeaderView::Interactive);
    header()->setSectionResizeMode(DefaultColumn, QHeaderView::ResizeToContents);
    setColumnWidth(TypeColumn, 110);
    setWordWrap(true);
    setUniformRowHeights(false);
}

void SchemaFieldsView::showSchema(const Schema& schema) {
    clear();
    addFields(schema, [this](QTreeWidgetItem* item) { addTopLevelItem(item); });
    for (QTreeWidgetItemIterator it(this); *it; ++it)
        for (int c = 0; c < columnCount(); ++c)
            (*it)->setToolTip(c, (*it)->text(DescriptionColumn));
    expandAll();
}

QTreeWidgetItem* SchemaFieldsView::field(const QString& name) const {
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->text(NameColumn) == name) return topLevelItem(i);
    return nullptr;
}

}  // namespace byom::ui
