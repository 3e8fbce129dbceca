#include "ui/window/importer.h"

#include <QFileInfo>
#include <QStringList>
#include <QUndoStack>

#include "core/io/modelfile.h"
#include "core/registry/modelfactory.h"
#include "core/registry/paramsfile.h"
#include "core/train/manifest.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "ui/commands/addrun.h"
#include "ui/commands/addstack.h"
#include "ui/document.h"
#include "ui/widgets/prompter.h"

namespace byom::ui {

namespace {

/// A stack name not taken yet: `base`, else `base 2`, `base 3`, ...
std::string freeStackName(const Project& project, const std::string& base) {
    auto taken = [&](const std::string& name) {
        for (const StackEntry& s : project.stacks)
            if (s.name == name) return true;
        return false;
    };
    std::string name = base;
    for (int i = 2; taken(name); ++i) name = base + " " + std::to_string(i);
    return name;
}

}  // namespace

bool Importer::importFile(const QString& path) {
    try {
        const json j = readJsonFile(path.toStdString());
        if (j.is_object() && j.value("format", json()) == "byom-model") return importModel(path);
    } catch (const std::exception& e) {
        m_prompter->warn(QObject::tr("Cannot import"), QString::fromStdString(e.what()));
        return false;
    }
    return importParams(path);
}

bool Importer::importParams(const QString& path) {
    try {
        const ParamsFile file = ParamsFile::read(path.toStdString());
        const StackEntry& current = m_document->currentStack();
        StackEntry stack{freeStackName(m_document->project(), file.name),
                         file.inputShape.value_or(current.inputShape),
                         file.numClasses,
                         {}};
        ModelFactory factory = ModelFactory::withArchitectures(m_document->project().architectures);
        factory.adoptDefinition(file.name, file.params);
        stack.layers = factory.expand(file.name, stack.inputShape, file.params, stack.numClasses);
        m_document->undoStack()->push(new AddStack(
            m_document, stack, QObject::tr("Import %1").arg(QFileInfo(path).fileName())));
        // Keys HeartKit drops or reads nowhere: imported as HeartKit builds it, but said.
        const std::vector<Problem> warnings = factory.warnings(file.name, file.params);
        if (!warnings.empty()) {
            QStringList lines;
            for (const Problem& w : warnings) lines << QString::fromStdString(w.toString());
            m_prompter->warn(
                QObject::tr("Imported with warnings"),
                QObject::tr("%1 was imported as \"%2\". These keys have no "
                            "effect:\n\n%3")
                    .arg(QFileInfo(path).fileName(), QString::fromStdString(stack.name),
                         lines.join(QLatin1Char('\n'))));
        }
        return true;
    } catch (const std::exception& e) {
        m_prompter->warn(QObject::tr("Cannot import params"), QString::fromStdString(e.what()));
        return false;
    }
}

bool Importer::importModel(const QString& path) {
    try {
        json j = readJsonFile(path.toStdString());
        const TrainedModel trained = modelFromJson(j, path.toStdString());
        const std::string base = QFileInfo(path).completeBaseName().toStdString();
        StackEntry stack{freeStackName(m_document->project(), base), trained.model->inputShape(),
                         trained.numClasses, trained.model->specs()};
        RunManifest manifest;
        manifest.byomVersion = BYOM_VERSION;
        manifest.architecture = trained.architecture;
        manifest.architectureHash = jsonHash(trained.architecture);
        manifest.numClasses = trained.numClasses;
        manifest.startedAt = isoTimestampUtc();
        manifest.outcome = "imported";
        manifest.message = "imported from " + path.toStdString();
        manifest.metrics = trained.metrics;
        RunRecord run{QFileInfo(path).fileName().toStdString(), stack.name, manifest.toJson(),
                      std::move(j)};
        auto* command =
            new QUndoCommand(QObject::tr("Import model %1").arg(QFileInfo(path).fileName()));
        new AddStack(m_document, std::move(stack), command->text(), command);
        new AddRun(m_document, std::move(run), command);
        m_document->undoStack()->push(command);
        return true;
    } catch (const std::exception& e) {
        m_prompter->warn(QObject::tr("Cannot import the model"), QString::fromStdString(e.what()));
        return false;
    }
}

}  // namespace byom::ui
