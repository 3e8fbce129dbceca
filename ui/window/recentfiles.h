#pragma once

#include <QObject>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QMenu;
QT_END_NAMESPACE

namespace byom::ui {

/// The recently opened projects, kept in QSettings and shown as a menu.
class RecentFiles : public QObject {
    Q_OBJECT

public:
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    QStringList files() const;
    void add(const QString& path);
    void clear();

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void save(const QStringList& files);
    void refresh();

    QMenu* m_menu;
};

}  // namespace byom::ui
