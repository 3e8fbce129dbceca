#pragma once

#include <QUndoCommand>

#include "ui/commands/mergeid.h"

namespace byom::ui {

class Document;

/// Changes one value of the project: the Target says where it lives (a layer's parameter, a
/// stack's header, a training option), how to read and write it through the Document, and how
/// to name the change in the user's words. Consecutive changes of the same target merge into
/// one undo step (typing in a spin box is one edit, not one per keystroke).
///
/// A Target provides: `using Value`, `static constexpr MergeId kMergeId`,
/// `Value get(const Document&) const`, `void set(Document&, const Value&) const`,
/// `QString text(const Document&) const`,
/// `static bool same(const Value&, const Value&)` and `operator==`.
template <typename Target>
class ChangeValue : public QUndoCommand {
public:
    using Value = typename Target::Value;

    ChangeValue(Document* document, Value after, Target target, QUndoCommand* parent = nullptr)
        : QUndoCommand(parent),
          m_document(document),
          m_target(std::move(target)),
          m_before(m_target.get(*document)),
          m_after(std::move(after)) {
        setText(m_target.text(*document));
    }

    void redo() override { m_target.set(*m_document, m_after); }
    void undo() override { m_target.set(*m_document, m_before); }
    int id() const override { return static_cast<int>(Target::kMergeId); }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const ChangeValue*>(other);
        if (!(o->m_target == m_target)) return false;
        m_after = o->m_after;
        if (Target::same(m_after, m_before)) setObsolete(true);
        return true;
    }

    const Target& target() const { return m_target; }

private:
    Document* m_document;
    Target m_target;
    Value m_before;
    Value m_after;
};

}  // namespace byom::ui
