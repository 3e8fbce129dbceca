#include "ui/commands/removerun.h"

#include "ui/document.h"

namespace byom::ui {

RemoveRun::RemoveRun(Document* document, int index, QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Delete %1")
                       .arg(QString::fromStdString(
                           document->project().runs.at(static_cast<std::size_t>(index)).name)),
                   parent),
      m_document(document),
      m_index(index) {}

void RemoveRun::redo() {
    m_run = m_document->takeRun(m_index);
}

void RemoveRun::undo() {
    m_document->insertRun(m_index, m_run);
}

}  // namespace byom::ui
