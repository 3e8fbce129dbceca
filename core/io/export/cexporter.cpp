#include "core/io/export/cexporter.h"

#include <cctype>
#include <filesystem>

#include "core/data/normalizer.h"
#include "core/io/export/cint8source.h"
#include "core/io/export/clowering.h"
#include "core/io/export/csource.h"
#include "core/io/export/exportutil.h"
#include "core/quant/qengine.h"
#include "core/train/evaluation.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/rng.h"

namespace byom {

namespace {

void checkName(const std::string& name) {
    if (!isCIdentifier(name))
        throw UsageError("--name \"" + name +
                         "\": the C library's name must be a C identifier of at most 40 "
                         "letters, digits and underscores, not starting with a digit (e.g. "
                         "ecg_model)");
}

/// Inputs when none are given: uniform in [-2, 2] around the normalisation's centre, in
/// units of its scale (else plain [-2, 2]); seeded, so every export is the same.
Mat<float> generatedInputs(const ExportModel& model, const Normalizer* norm) {
    const Shape& in = model.inputShape();
    Mat<float> x(in.size(), 4);
    Rng rng(2024);
    const Index groups = in.dims.back();
    for (Index s = 0; s < x.cols(); ++s)
        for (Index i = 0; i < x.rows(); ++i) {
            const double u = 4.0 * rng.uniform() - 2.0;
            const std::size_t g = static_cast<std::size_t>(i % groups);
            x(i, s) = norm ? float(norm->center()[g] + u * norm->scale()[g]) : float(u);
        }
    return x;
}

/// The model's title, shapes and what its outputs are, for the library's comments.
void describe(const ExportModel& model, CSource::Model& m) {
    m.title = "the " + model.name() + " model";
    m.input = model.inputShape();
    m.output = model.outputShape();
    if (model.isClassifier()) {
        std::string names;
        for (const std::string& c : model.classNames()) names += (names.empty() ? "" : ", ") + c;
        m.outputText = "the probabilities of the classes" +
                       (names.empty() ? std::string() : " (" + names + ")");
    } else {
        m.outputText = "the predicted values in the targets' units";
    }
}

void writeFiles(const std::map<std::string, std::string>& files, const std::string& outPath) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(outPath) / "mps2-an386", ec);
    if (ec)
        throw Error(outPath + ": cannot create the directory (" + ec.message() +
                    "); choose another --out");
    for (const auto& [file, text] : files)
        writeFileAtomic((std::filesystem::path(outPath) / file).string(), text);
}

}  // namespace

KindSupport CExporter::supports(const std::string& kind) const {
    return CLowering::supports(kind);
}

void CExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeWithOptions(model, outPath, ExportOptions{});
}

void CExporter::writeWithOptions(const ExportModel& model, const std::string& outPath,
                                 const ExportOptions& options) const {
    const TrainedModel* trained = model.trained();
    if (!trained)
        throw Error("c: the C library needs a trained model's weights (give --model M.json)");
    CSource::Model m;
    m.name = options.name.empty() ? "model" : options.name;
    checkName(m.name);

    // The engine's outputs for the reference inputs, as byom predict computes them.
    std::optional<Normalizer> norm;
    if (!trained->normalization.is_null())
        norm = Normalizer::fromJson(trained->normalization, "normalization");
    m.inputs = options.referenceInputs;
    m.inputsSource = options.referenceSource;
    if (m.inputs.size() == 0) {
        m.inputs = generatedInputs(model, norm ? &*norm : nullptr);
        m.inputsSource = "4 generated samples (no data given: uniform in [-2, 2]" +
                         std::string(norm ? " scales around the normalisation's centre)" : ")");
    }
    if (m.inputs.rows() != model.inputShape().size())
        throw Error("c: the reference inputs have " + std::to_string(m.inputs.rows()) +
                    " values per sample but the model takes " + model.inputShape().toString() +
                    " (" + std::to_string(model.inputShape().size()) +
                    "); give --data with the model's data");
    if (trained->quantized) {
        if (!model.hasNormalization() && norm)
            throw Error(
                "c: an int8 library takes the raw inputs: its input normalisation runs "
                "in float inside it, as the integer engine's does; export without "
                "--no-normalization");
        // The int8 library: its self-test requires the integer engine's outputs exactly.
        m.exact = true;
        m.expected = QEngine::run(*trained->quantized, m.inputs);
        describe(model, m);
        m.title += ", quantised to int8";
        writeFiles(CInt8Source::files(*trained->quantized, m), outPath);
        return;
    }
    const CGraph graph = CLowering::lower(model);
    Mat<float> x = m.inputs;
    if (norm) norm->apply(x);
    // Without the normalisation folded in (--no-normalization), the library takes
    // normalised inputs: the test feeds it those.
    if (!model.hasNormalization() && norm) m.inputs = x;
    const std::unique_ptr<Model<float>> engine = trained->model->clone();
    m.expected = predictAll(*engine, x);
    if (!trained->targetNormalization.is_null())
        Normalizer::fromTargetJson(trained->targetNormalization, "target_normalization")
            .invert(m.expected);

    describe(model, m);
    writeFiles(CSource::files(graph, m), outPath);
}

}  // namespace byom
