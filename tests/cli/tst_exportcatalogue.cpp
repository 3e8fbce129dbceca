// byom export of every layer kind of the catalogue, checked in the real runtimes (ONNX Runtime,
// TF.js, PyTorch; tests/support/exportcheck.h) against `byom predict`. The cases are generated
// from the catalogue: every kind with its schema's example parameters; a block kind around
// each plain kind that fits in it; the registry's block kind as a registered architecture of
// a project, trained by `byom train`. A kind no case can be made for fails everyKindHasACase.
// Whole models are tst_export's.

#include <QFile>
#include <QtTest>
#include <functional>
#include <set>

#include "core/io/modelfile.h"
#include "core/layers/layercatalog.h"
#include "core/layers/sequential.h"
#include "core/util/rng.h"
#include "support/exportcheck.h"

using namespace byom;
using byom::test::ModelCase;

namespace {

/// The input shapes a generated case tries, in order: a sequence of odd length (so that
/// "same" pads unevenly) and a feature vector.
const std::vector<Shape>& probeShapes() {
    static const std::vector<Shape> shapes = {Shape{37, 3}, Shape{12}};
    return shapes;
}

/// Whether a model of `specs` builds on `input`.
bool builds(const std::vector<LayerSpec>& specs, const Shape& input) {
    try {
        Model<float> m(specs, input);
        return true;
    } catch (const Error&) {
        return false;
    }
}

/// The kind of block that is a registered architecture: its case comes from a project.
const std::string& registryBlockKind() {
    static const std::string kind = Sequential<float>::describeArchitectureBlock().kind;
    return kind;
}

/// A project registering "encoder" and a stack using it as an architecture block, on a data
/// set of two features and three classes.
const char* const kProject = R"({
  "format": "byom-project", "version": 2,
  "architectures": [
    {"name": "encoder", "input_shape": [2], "layers": [
      {"name": "dense", "params": {"units": 8, "activation": "relu"}},
      {"name": "batch_norm"},
      {"name": "residual", "params": {"activation": "relu"}, "layers": [
        {"name": "dense", "params": {"units": 5, "activation": "tanh"}}]}]}],
  "stacks": [{"name": "main", "input_shape": [2], "num_classes": 3, "layers": [
    {"name": "architecture", "params": {"name": "encoder"}},
    {"name": "dense", "params": {"units": 3, "activation": "softmax"}}]}],
  "data": "synthetic:spirals?n=120&classes=3&seed=3",
  "training": {"epochs": 2, "batch_size": 16, "seed": 5}
})";

/// One case per kind of the catalogue, with its schema's example parameters, on the first
/// probe shape it builds on (a raw-output regression model, so nothing hides its values); a
/// block kind once per probe shape, around the first plain kind that builds inside it. The
/// registry's block kind is the project case. Kinds no case could be made for go to `missed`.
void addCatalogueCases(std::vector<ModelCase>& c, std::vector<std::string>& missed) {
    const LayerCatalog& catalog = LayerCatalog::instance();
    for (const LayerDescriptor& d : catalog.all()) {
        if (d.kind == registryBlockKind()) {
            c.push_back({"kind-" + d.kind + "-in-project", Shape{2}, {}, false, true});
            continue;
        }
        const LayerSpec spec = LayerSpec::of(d.kind, d.schema.example());
        bool made = false;
        for (const Shape& in : probeShapes()) {
            if (!d.isBlock) {
                if (!builds({spec}, in)) continue;
                c.push_back({"kind-" + d.kind, in, {spec}, true});
                made = true;
                break;
            }
            for (const LayerDescriptor& inner : catalog.all()) {
                if (inner.isBlock) continue;
                LayerSpec block = spec;
                block.layers = {LayerSpec::of(inner.kind, inner.schema.example())};
                if (!builds({block}, in)) continue;
                std::string dims;
                for (Index n : in.dims) dims += (dims.empty() ? "" : "x") + std::to_string(n);
                c.push_back({"kind-" + d.kind + "-" + inner.kind + "-" + dims, in, {block}, true});
                made = true;
                break;
            }
        }
        if (!made) missed.push_back(d.kind);
    }
}

std::vector<ModelCase> cases() {
    std::vector<ModelCase> c;
    std::vector<std::string> missed;
    addCatalogueCases(c, missed);
    return c;
}

/// The catalogue's kinds that no generated case could be made for (none may be).
std::vector<std::string> kindsWithoutCase() {
    std::vector<ModelCase> c;
    std::vector<std::string> missed;
    addCatalogueCases(c, missed);
    return missed;
}

}  // namespace

class TestExportCatalogue : public QObject {
    Q_OBJECT

    byom::test::ExportCheck m_check;

    /// Writes the project, trains its stack with byom train and keeps the model with inputs.
    void trainProject(const ModelCase& c, Rng& rng) {
        const QString project = m_check.filePath(QString::fromStdString(c.name + ".byom"));
        QFile f(project);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kProject);
        f.close();
        const QString out = m_check.filePath(QString::fromStdString(c.name));
        const byom::test::ProgramRun r =
            byom::test::runByom({QStringLiteral("train"), QStringLiteral("--project"), project,
                                 QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.output));
        m_check.addTrained(c, out + QStringLiteral("/model.json"), rng);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_check.isValid());
        m_check.keepIfAsked();
        Rng rng(7);
        for (const ModelCase& c : cases()) {
            if (c.fromProject) {
                trainProject(c, rng);
                if (QTest::currentTestFailed()) return;
                continue;
            }
            m_check.addBuilt(c, rng);
        }
        // What every export is compared with: byom predict's numbers.
        m_check.predictAll();
    }

    void everyKindHasACase() {
        // A kind of the catalogue that no case can be generated for (it builds on none of the
        // probe shapes, or no plain kind fits in the block) fails here: give it a case.
        const std::vector<std::string> missed = kindsWithoutCase();
        QStringList names;
        for (const std::string& kind : missed) names << QString::fromStdString(kind);
        QVERIFY2(missed.empty(), qPrintable(QStringLiteral("no case for: ") + names.join(u' ')));
        std::set<std::string> used;
        const std::function<void(const std::vector<LayerSpec>&)> walk =
            [&](const std::vector<LayerSpec>& specs) {
                for (const LayerSpec& s : specs) {
                    used.insert(s.kind);
                    walk(s.layers);
                }
            };
        for (const ModelCase& c : cases()) {
            walk(c.specs);
            if (c.fromProject) used.insert(registryBlockKind());
        }
        for (const std::string& kind : LayerCatalog::instance().kinds())
            QVERIFY2(used.count(kind), kind.c_str());
    }

    void architectureBlockCameFromTheProject() {
        // The trained model of the project case holds the registered architecture as a block
        // (with its layers), the thing its exports translate.
        const std::string name = "kind-" + registryBlockKind() + "-in-project";
        QVERIFY(m_check.hasModel(name));
        const TrainedModel t = loadModelFile(m_check.model(name).toStdString());
        QCOMPARE(t.model->specs().front().kind, registryBlockKind());
        QCOMPARE(t.model->specs().front().params.at("name").get<std::string>(),
                 std::string("encoder"));
        QCOMPARE(t.model->specs().front().layers.size(), std::size_t(3));
    }

    void runtime_data() { byom::test::ExportCheck::addRuntimeRows(cases()); }

    void runtime() {
        QFETCH(QString, format);
        QFETCH(QString, model);
        m_check.checkRuntime(format, model.toStdString());
    }

    void predictMatchesTheForwardPass() {
        // byom predict (what the exports are compared with) gives the C++ forward pass of the
        // models built here.
        m_check.checkPredictMatchesTheForwardPass();
    }
};

QTEST_GUILESS_MAIN(TestExportCatalogue)
#include "tst_exportcatalogue.moc"
