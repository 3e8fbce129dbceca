#include "ui/commands/renamerun.h"

#include "ui/document.h"

namespace byom::ui {

RenameRun::RenameRun(Document* document, int index, std::string name, QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Rename run to %1").arg(QString::fromStdString(name)), parent),
      m_document(document),
      m_index(index),
      m_before(document->project().runs.at(static_cast<std::size_t>(index)).name),
      m_after(std::move(name)) {}

void RenameRun::redo() {
    m_document->setRunName(m_index, m_after);
}

void RenameRun::undo() {
    m_document->setRunName(m_index, m_before);
}

}  // namespace byom::ui
