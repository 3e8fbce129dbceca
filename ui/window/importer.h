#pragma once

#include <QString>

namespace byom::ui {

class Document;
struct Prompter;

/// File > Import: a params file ({"name", "params"} or a HeartKit task config) becomes a new
/// stack; a byom-model file becomes a new stack plus a kept run holding its weights, so it can
/// be evaluated and exported like a trained run. Each import is one undo step; a bad file is
/// reported (through the prompter) and changes nothing.
class Importer {
public:
    Importer(Document* document, Prompter* prompter) : m_document(document), m_prompter(prompter) {}

    /// Either kind, by the file's "format" field ("byom-model" or not).
    bool importFile(const QString& path);
    bool importParams(const QString& path);
    bool importModel(const QString& path);

private:
    Document* m_document;
    Prompter* m_prompter;
};

}  // namespace byom::ui
