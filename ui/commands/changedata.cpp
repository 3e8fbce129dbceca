#include "ui/commands/changedata.h"

#include "ui/document.h"

namespace byom::ui {

ChangeData::ChangeData(Document* document, std::string spec, std::string hash, TrainConfig training,
                       QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Set data %1").arg(QString::fromStdString(spec)), parent),
      m_document(document),
      m_specBefore(document->project().data),
      m_hashBefore(document->project().dataHash),
      m_specAfter(std::move(spec)),
      m_hashAfter(std::move(hash)),
      m_trainingBefore(document->project().training),
      m_trainingAfter(std::move(training)) {}

void ChangeData::redo() {
    m_document->setTraining(m_trainingAfter);
    m_document->setData(m_specAfter, m_hashAfter);
}

void ChangeData::undo() {
    m_document->setTraining(m_trainingBefore);
    m_document->setData(m_specBefore, m_hashBefore);
}

}  // namespace byom::ui
