#include "ui/window/exportmenu.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMap>
#include <QThread>

#include "core/io/export/exporterregistry.h"
#include "core/io/export/referenceinputs.h"
#include "core/io/modelfile.h"
#include "core/registry/architecturejson.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"
#include "ui/document.h"
#include "ui/widgets/prompter.h"

namespace byom::ui {

namespace {

/// Menu text per format; a format core adds later still appears, under its own name.
QString label(const QString& format) {
    static const QMap<QString, QString> labels = {
        {QStringLiteral("params"), QObject::tr("Architecture &Params JSON...")},
        {QStringLiteral("model"), QObject::tr("BYOM &Model JSON...")},
        {QStringLiteral("onnx"), QObject::tr("&ONNX...")},
        {QStringLiteral("tfjs"), QObject::tr("&TF.js Layers Model...")},
        {QStringLiteral("keras-json"), QObject::tr("&Keras JSON...")},
        {QStringLiteral("pytorch"), QObject::tr("Py&Torch Script...")},
        {QStringLiteral("c"), QObject::tr("&C Library (microcontrollers)...")},
        {QStringLiteral("tflite"), QObject::tr("TF&Lite Model...")},
        {QStringLiteral("tflite-c"), QObject::tr("TFLite Model as C &Array (TFLite Micro)...")}};
    return labels.value(format, format + QStringLiteral("..."));
}

/// Keeps the override cursor for the lifetime of an export.
struct WaitCursor {
    WaitCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~WaitCursor() { QGuiApplication::restoreOverrideCursor(); }
};

}  // namespace

ExportMenu::ExportMenu(Document* document, Prompter* prompter, QWidget* parent)
    : QMenu(tr("&Export"), parent), m_document(document), m_prompter(prompter) {
    setObjectName(QStringLiteral("exportMenu"));
    setToolTipsVisible(true);
    const ExporterRegistry& registry = ExporterRegistry::instance();
    addSection(tr("Current stack"));
    for (const std::string& name : registry.formats()) {
        const Exporter& exporter = registry.get(name);
        if (exporter.needsWeights()) continue;
        const QString format = QString::fromStdString(name);
        QAction* a = addAction(label(format), this, [this, format] {
            const QString path = askPath(format, tr("the current stack"));
            if (!path.isEmpty()) exportStack(format, path);
        });
        a->setObjectName(QStringLiteral("exportStack_") + format);
        a->setToolTip(QString::fromStdString(exporter.description()));
    }
    m_runSection = addSection(tr("Trained model"));
    for (const std::string& name : registry.formats()) {
        const QString format = QString::fromStdString(name);
        QAction* a = addAction(label(format), this, [this, format] {
            const int run = runToExport();
            if (run < 0) return;
            const QString path = askPath(format, tr("the trained model"));
            if (!path.isEmpty()) exportRun(run, format, path);
        });
        a->setObjectName(QStringLiteral("exportRun_") + format);
        a->setToolTip(QString::fromStdString(registry.get(name).description()));
        m_runActions << a;
    }
    connect(this, &QMenu::aboutToShow, this, &ExportMenu::refresh);
    refresh();
}

void ExportMenu::setSelectedRuns(std::function<QList<int>()> selectedRuns) {
    m_selectedRuns = std::move(selectedRuns);
}

int ExportMenu::runToExport() const {
    const int runs = static_cast<int>(m_document->project().runs.size());
    if (m_selectedRuns) {
        const QList<int> selected = m_selectedRuns();
        if (selected.size() == 1 && selected.first() < runs) return selected.first();
    }
    return runs - 1;
}

void ExportMenu::refresh() {
    const int run = runToExport();
    m_runSection->setText(
        run < 0 ? tr("Trained model (train or import one first)")
                : tr("Trained model: %1")
                      .arg(QString::fromStdString(
                          m_document->project().runs[static_cast<std::size_t>(run)].name)));
    for (QAction* a : m_runActions) a->setEnabled(run >= 0);
}

QString ExportMenu::askPath(const QString& format, const QString& what) const {
    const Exporter& exporter = ExporterRegistry::instance().get(format.toStdString());
    const QString ext = QString::fromStdString(exporter.extension());
    const QString filter = ext.isEmpty() ? tr("A new directory (*)")
                                         : tr("%1 files (*%2);;All files (*)").arg(format, ext);
    QString path = m_prompter->saveFile(tr("Export %1 as %2").arg(what, format), filter);
    if (!path.isEmpty() && !ext.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += ext;
    return path;
}

bool ExportMenu::exportStack(const QString& format, const QString& path) {
    try {
        const Exporter& exporter = ExporterRegistry::instance().get(format.toStdString());
        if (exporter.needsWeights())
            throw Error(format.toStdString() +
                        " carries weights: train the stack first, then export the run");
        const StackEntry& stack = m_document->currentStack();
        const ModelFactory factory =
            ModelFactory::withArchitectures(m_document->project().architectures);
        const ExportModel model =
            ExportModel::fromArchitecture(factory.resolve(stack.layers), stack.inputShape,
                                          architectureJson(stack), stack.numClasses);
        const WaitCursor wait;
        exporter.write(model, path.toStdString());
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot export"), QString::fromStdString(e.what()));
        return false;
    }
    Q_EMIT exported(path);
    return true;
}

bool ExportMenu::exportRun(int index, const QString& format, const QString& path) {
    const RunRecord& run = m_document->project().runs.at(static_cast<std::size_t>(index));
    return exportModel(run.model, run.manifest, run.name, format, path);
}

bool ExportMenu::exportModel(const json& modelJson, const json& manifestJson,
                             const std::string& runName, const QString& format,
                             const QString& path) {
    // Reading the weights, loading the data set for the C library's reference inputs and
    // writing can take seconds: they run on their own thread on copies, while the window
    // keeps painting and ignores input until they are done.
    const std::string file = path.toStdString(), formatName = format.toStdString(),
                      dataDir =
                          m_document->filePath().isEmpty()
                              ? std::string(".")
                              : QFileInfo(m_document->filePath()).absolutePath().toStdString();
    std::string error;
    QThread* thread = QThread::create([&] {
        try {
            const Exporter& exporter = ExporterRegistry::instance().get(formatName);
            const TrainedModel trained = modelFromJson(modelJson, runName);
            ExportOptions options;
            if (exporter.usesReferenceInputs()) {
                // The self-test's inputs: the run's validation split (generated ones when
                // the data cannot be loaded any more).
                try {
                    ReferenceInputs::fromRun(options, RunManifest::fromJson(manifestJson, runName),
                                             dataDir);
                } catch (const std::exception&) {
                    options = ExportOptions{};
                }
            }
            exporter.writeWithOptions(ExportModel::fromTrained(trained), file, options);
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    {
        const WaitCursor wait;
        QEventLoop loop;
        connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
        thread->start();
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        thread->wait();
        delete thread;
    }
    if (!error.empty()) {
        m_prompter->warn(tr("Cannot export"), QString::fromStdString(error));
        return false;
    }
    Q_EMIT exported(path);
    return true;
}

}  // namespace byom::ui
