#include "ui/commands/addrun.h"

#include "ui/document.h"

namespace byom::ui {

AddRun::AddRun(Document* document, RunRecord run, QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Keep %1").arg(QString::fromStdString(run.name)), parent),
      m_document(document),
      m_index(static_cast<int>(document->project().runs.size())),
      m_run(std::move(run)) {}

void AddRun::redo() {
    m_document->insertRun(m_index, m_run);
}

void AddRun::undo() {
    m_run = m_document->takeRun(m_index);
}

}  // namespace byom::ui
