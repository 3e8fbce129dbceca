// docs/project.schema.json and docs/model.schema.json against what BYOM writes and refuses:
// the example project saved by this build, a project with registered architectures and a
// trained run, and `byom train`'s model.json, manifest.json and params.json validate; damaged
// documents that BYOM refuses are refused by the schemas too; the training config's schema
// matches TrainConfig::schema() key for key. Validation runs in Python's jsonschema (Debian's
// python3-jsonschema, installed by scripts/test); without it the test is skipped, or fails
// under CI (CI=true).

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/schedule.h"
#include "core/train/trainconfig.h"
#include "core/train/trainingjob.h"
#include "core/util/fileio.h"
#include "support/runtime.h"

using namespace byom;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString sourcePath(const char* relative) {
    return QStringLiteral(BYOM_SOURCE_DIR "/") + QLatin1String(relative);
}

const QString kValidator = sourcePath("tests/tools/validate-json.py");
const QString kProjectSchema = sourcePath("docs/project.schema.json");
const QString kModelSchema = sourcePath("docs/model.schema.json");

json layer(const std::string& kind, json params = json::object()) {
    return {{"name", kind}, {"params", std::move(params)}};
}

/// Runs the validator; returns its output lines, one per file ("valid F" or "invalid F: ...").
/// An empty list with `error` set when it could not run.
QStringList validate(const QString& schema, const QStringList& files, QString& error) {
    QProcess p;
    p.start(kPython, QStringList{kValidator, schema} + files);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = QStringLiteral("validator failed (exit %1): %2")
                    .arg(p.exitCode())
                    .arg(QString::fromUtf8(p.readAllStandardError()));
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

/// The validator's verdict on one file: empty when valid, the error line otherwise.
QString verdict(const QString& schema, const QString& file) {
    QString error;
    const QStringList lines = validate(schema, {file}, error);
    if (!error.isEmpty()) return error;
    if (lines.size() != 1) return QStringLiteral("unexpected output: ") + lines.join(u'\n');
    return lines[0] == QString(QStringLiteral("valid ") + file) ? QString() : lines[0];
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

/// Differences between a schema definition `def` and the code's Schema: the same keys, types,
/// bounds, choices and defaults; "$ref": "#/$defs/NAME" objects are compared recursively.
void compareWithCode(const Schema& schema, const json& def, const json& defs,
                     const std::string& where, QStringList& problems) {
    auto problem = [&](const std::string& key, const std::string& what) {
        problems << QString::fromStdString(where + "." + key + ": " + what);
    };
    if (def.value("additionalProperties", true) != false)
        problems << QString::fromStdString(where + ": unknown keys must be refused");
    const json props = def.value("properties", json::object());
    for (auto it = props.begin(); it != props.end(); ++it)
        if (!schema.find(it.key())) problem(it.key(), "not a key of the code's schema");
    for (const ParamSpec& p : schema.params()) {
        if (!props.contains(p.name)) {
            problem(p.name, "missing from the JSON Schema");
            continue;
        }
        json prop = props[p.name];
        if (p.type == ParamType::Object) {
            const std::string ref = prop.value("$ref", "");
            const std::string name = ref.substr(ref.rfind('/') + 1);
            if (ref.rfind("#/$defs/", 0) != 0 || !defs.contains(name))
                problem(p.name, "an object must refer to a #/$defs definition");
            else
                compareWithCode(*p.fields, defs[name], defs, where + "." + p.name, problems);
            continue;
        }
        auto expectType = [&](const char* type) {
            const json want = p.nullable ? json::array({type, "null"}) : json(type);
            if (prop.value("type", json()) != want)
                problem(p.name, "type must be " + want.dump() + ", is " +
                                    prop.value("type", json()).dump());
        };
        auto expectBounds = [&](const ParamSpec& spec, const json& s, const char* lo,
                                const char* hi, const std::string& key) {
            if (spec.min && (*spec.min != 0 || std::string(lo) != "minItems") &&
                s.value(lo, json()) != json(*spec.min))
                problem(key, std::string(lo) + " must be " + json(*spec.min).dump());
            if (spec.max && s.value(hi, json()) != json(*spec.max))
                problem(key, std::string(hi) + " must be " + json(*spec.max).dump());
        };
        switch (p.type) {
            case ParamType::Int:
                expectType("integer");
                break;
            case ParamType::Float:
                expectType("number");
                break;
            case ParamType::Bool:
                expectType("boolean");
                break;
            case ParamType::String:
                expectType("string");
                break;
            case ParamType::Enum:
                if (prop.value("enum", json()) != json(p.choices))
                    problem(p.name, "enum must be " + json(p.choices).dump());
                break;
            case ParamType::List:
                expectType("array");
                expectBounds(p, prop, "minItems", "maxItems", p.name);
                if (p.element->type != ParamType::Float || !prop.contains("items") ||
                    prop["items"].value("type", "") != "number")
                    problem(p.name, "items must be numbers");
                else
                    expectBounds(*p.element, prop["items"], "minimum", "maximum", p.name + "[]");
                break;
            default:
                problem(p.name, "no check for this parameter type in the test");
                break;
        }
        if (p.type == ParamType::Int || p.type == ParamType::Float)
            expectBounds(p, prop, "minimum", "maximum", p.name);
        if (!prop.contains("default") || prop["default"] != p.defaultValue)
            problem(p.name, "default must be " + p.defaultValue.dump());
    }
}

}  // namespace

class TestProjectSchema : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    json m_project;  // a valid project of the current version with architectures and a run

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QProcess probe;
        probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
        if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit ||
            probe.exitCode() != 0)
            BYOM_REQUIRE_RUNTIME(QStringLiteral(
                "/usr/bin/python3 with the jsonschema module is needed (Debian: "
                "python3-jsonschema; scripts/install-deps --test installs it): the JSON "
                "Schemas in docs/ are not checked"));

        // A project as the GUI builds one: registered architectures (one using the other and
        // a residual block), a stack using them with a labelled head, and a short run.
        Project p = loadProject(sourcePath("resources/examples/spirals.byom").toStdString());
        p.data = "synthetic:spirals?n=240&classes=3&seed=2";
        p.training.epochs = 3;
        p.training.schedule.kind = "cosine";
        p.training.earlyStopping.enabled = true;
        p.training.classWeights = "balanced";
        StackEntry features{
            "features", Shape{2}, std::nullopt,
            LayerSpec::listFromJson(
                json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                             {{"name", "residual"},
                              {"params", json::object()},
                              {"layers", json::array({layer("dense", {{"units", 16}})})}}}),
                "layers")};
        StackEntry twice{"features.twice",
                         Shape{2},
                         std::nullopt,
                         {LayerSpec::of("architecture", {{"name", "features"}}),
                          LayerSpec::of("architecture", {{"name", "features"}})}};
        p.architectures = {features, twice};
        StackEntry stack{"with-blocks",
                         Shape{2},
                         3,
                         {LayerSpec::of("architecture", {{"name", "features.twice"}}),
                          LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}})}};
        stack.layers.back().label = "head";
        p.stacks.push_back(stack);

        TrainingRequest request;
        request.architecture = {{"name", "stack"},
                                {"params", {{"layers", LayerSpec::listToJson(stack.layers)}}}};
        request.factory = ModelFactory::withArchitectures(p.architectures);
        request.config = p.training;
        request.dataSpec = p.data;
        TrainingJob job(std::move(request));
        QVERIFY(job.run().reason != StopReason::Diverged);
        p.runs.push_back(
            {"run 1", stack.name, job.manifest().toJson(), modelToJson(job.trained())});
        p.dataHash = job.manifest().dataHash;

        saveProject(path(QStringLiteral("full.byom")).toStdString(), p);
        m_project = readJsonFile(path(QStringLiteral("full.byom")).toStdString());
        QCOMPARE(m_project["version"].get<int>(), kProjectFormatVersion);
        QCOMPARE(m_project["runs"].size(), std::size_t(1));
        // BYOM opens what it wrote (so the checks below compare two sides of one contract).
        QCOMPARE(projectToJson(loadProject(path(QStringLiteral("full.byom")).toStdString())).dump(),
                 projectToJson(p).dump());
    }

    void trainingSchemaMatchesTheCode() {
        const json schema = readJsonFile(kProjectSchema.toStdString());
        const json& defs = schema.at("$defs");
        QStringList problems;
        compareWithCode(TrainConfig::schema(), defs.at("training"), defs, "training", problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        // Layer keys as LayerSpec::fromJson accepts them.
        const json model = readJsonFile(kModelSchema.toStdString());
        const json& layerDef = model.at("$defs").at("layer");
        QCOMPARE(layerDef.at("required").dump(), std::string(R"(["name"])"));
        QCOMPARE(layerDef.at("properties").size(), std::size_t(4));
        for (const char* key : {"name", "params", "label", "layers"})
            QVERIFY2(layerDef.at("properties").contains(key), key);
        QCOMPARE(schema.at("properties").at("version").at("maximum").get<int>(),
                 kProjectFormatVersion);
        QCOMPARE(model.at("properties").at("version").at("const").get<int>(), kModelFormatVersion);
    }

    void exampleProjectValidates() {
        // The example is a version-1 file; saved by this build it becomes the current version.
        const QString example = sourcePath("resources/examples/spirals.byom");
        const QString saved = path(QStringLiteral("spirals.byom"));
        saveProject(saved.toStdString(), loadProject(example.toStdString()));
        const json j = readJsonFile(saved.toStdString());
        QCOMPARE(j.at("version").get<int>(), kProjectFormatVersion);
        QVERIFY(j.at("data").is_object());
        QVERIFY(readJsonFile(example.toStdString()).at("data").is_string());
        QString error = verdict(kProjectSchema, example);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = verdict(kProjectSchema, saved);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void projectWithArchitecturesAndRunValidates() {
        const QString error = verdict(kProjectSchema, path(QStringLiteral("full.byom")));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cliTrainOutputValidates() {
        const QString out = path(QStringLiteral("cli-run"));
        QProcess byom;
        byom.start(QStringLiteral(BYOM_CLI_PATH),
                   {QStringLiteral("train"), QStringLiteral("--project"),
                    sourcePath("resources/examples/spirals.byom"), QStringLiteral("--data"),
                    QStringLiteral("synthetic:spirals?n=300&classes=3"), QStringLiteral("--epochs"),
                    QStringLiteral("2"), QStringLiteral("--quiet"), QStringLiteral("--out"), out});
        QVERIFY(byom.waitForFinished(120000));
        QVERIFY2(byom.exitCode() == 0, byom.readAllStandardError().constData());
        const struct {
            QString schema;
            const char* file;
        } checks[] = {
            {kModelSchema, "model.json"},
            {kProjectSchema + QStringLiteral("#/$defs/run_manifest"), "manifest.json"},
            {kModelSchema + QStringLiteral("#/$defs/named_params"), "params.json"},
        };
        for (const auto& c : checks) {
            const QString error = verdict(c.schema, out + u'/' + QLatin1String(c.file));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }

    void regressionModelValidates() {
        // A regression model carries its targets' standardisation; a file without it (written
        // before targets were standardised) still loads and validates; a broken one is refused
        // by BYOM and by the schema.
        const QString params = path(QStringLiteral("mlp.json"));
        writeFileAtomic(params.toStdString(),
                        R"({"name": "mlp", "params": {"layers": [{"units": 8}]}})");
        const QString out = path(QStringLiteral("regression-run"));
        QProcess byom;
        byom.start(
            QStringLiteral(BYOM_CLI_PATH),
            {QStringLiteral("train"), QStringLiteral("--params"), params, QStringLiteral("--data"),
             QStringLiteral("synthetic:sine?n=200"), QStringLiteral("--epochs"),
             QStringLiteral("2"), QStringLiteral("--quiet"), QStringLiteral("--out"), out});
        QVERIFY(byom.waitForFinished(120000));
        QVERIFY2(byom.exitCode() == 0, byom.readAllStandardError().constData());
        const QString file = out + QStringLiteral("/model.json");
        QString error = verdict(kModelSchema, file);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const json model = readJsonFile(file.toStdString());
        QCOMPARE(model.at("target_normalization").at("output_shape"), json::array({1}));

        json old = model;
        old.erase("target_normalization");
        const QString oldFile = path(QStringLiteral("old-regression.json"));
        writeFileAtomic(oldFile.toStdString(), old.dump(1));
        QVERIFY(modelFromJson(old, "old").targetNormalization.is_null());
        error = verdict(kModelSchema, oldFile);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        json broken = model;
        broken["target_normalization"]["scale"][0] = 0;
        const QString brokenFile = path(QStringLiteral("broken-regression.json"));
        writeFileAtomic(brokenFile.toStdString(), broken.dump(1));
        QVERIFY(errorOf([&] {
                    modelFromJson(broken, "broken");
                }).contains(QStringLiteral("target_normalization.scale[0]")));
        error = verdict(kModelSchema, brokenFile);
        QVERIFY2(error.startsWith(QStringLiteral("invalid ")) &&
                     error.contains(QStringLiteral(": /target_normalization")),
                 qPrintable(error.isEmpty() ? QStringLiteral("the schema accepts it") : error));
    }

    void invalidDocumentsAreRejected_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("where");
        for (std::size_t i = 0; i < mutations().size(); ++i)
            QTest::newRow(mutations()[i].name)
                << static_cast<int>(i) << QString::fromLatin1(mutations()[i].where);
    }

    void invalidDocumentsAreRejected() {
        QFETCH(int, row);
        QFETCH(QString, where);
        json j = m_project;
        mutations()[static_cast<std::size_t>(row)].apply(j);
        const QString file = path(QStringLiteral("invalid-%1.byom").arg(row));
        writeFileAtomic(file.toStdString(), j.dump(1));
        // BYOM refuses it...
        QVERIFY(!errorOf([&] { projectFromJson(j); }).isEmpty());
        // ...and so does the schema, at the expected place.
        const QString error = verdict(kProjectSchema, file);
        QVERIFY2(error.startsWith(QStringLiteral("invalid ")),
                 qPrintable(error.isEmpty() ? QStringLiteral("the schema accepts it") : error));
        QVERIFY2(error.contains(QString(QStringLiteral(": ") + where)), qPrintable(error));
    }

private:
    struct Mutation {
        const char* name;
        const char* where;  // the JSON pointer the validator should report (a prefix)
        std::function<void(json&)> apply;
    };

    static const std::vector<Mutation>& mutations() {
        static const std::vector<Mutation> m = {
            {"missing format", "/: 'format' is a required", [](json& j) { j.erase("format"); }},
            {"version a string", "/version", [](json& j) { j["version"] = "2"; }},
            {"version from a newer build", "/version",
             [](json& j) { j["version"] = kProjectFormatVersion + 1; }},
            {"history column of another type", "/runs/0/manifest/history/loss",
             [](json& j) {
                 j["runs"][0]["manifest"]["history"]["loss"] = {{"dtype", "float32"}, {"data", ""}};
             }},
            {"history without its length", "/runs/0/manifest/history",
             [](json& j) { j["runs"][0]["manifest"]["history"].erase("epochs"); }},
            {"layer without name", "/stacks/1/layers/1",
             [](json& j) { j["stacks"][1]["layers"][1].erase("name"); }},
            {"inner layer without name", "/architectures/0/layers/1/layers/0",
             [](json& j) { j["architectures"][0]["layers"][1]["layers"][0].erase("name"); }},
            {"unknown layer key", "/stacks/0/layers/0",
             [](json& j) { j["stacks"][0]["layers"][0]["parameters"] = json::object(); }},
            {"unknown top-level key", "/: Additional properties",
             [](json& j) { j["stack"] = json::array(); }},
            {"empty input shape", "/stacks/0/input_shape",
             [](json& j) { j["stacks"][0]["input_shape"] = json::array(); }},
            {"stack without name", "/stacks/0", [](json& j) { j["stacks"][0].erase("name"); }},
            {"bad architecture name", "/architectures/1/name",
             [](json& j) { j["architectures"][1]["name"] = "-twice"; }},
            {"unknown optimizer", "/training/optimizer",
             [](json& j) { j["training"]["optimizer"] = "adamm"; }},
            {"unknown training key", "/training", [](json& j) { j["training"]["epoch"] = 3; }},
            {"batch size zero", "/training/batch_size",
             [](json& j) { j["training"]["batch_size"] = 0; }},
            {"patience zero", "/training/early_stopping/patience",
             [](json& j) { j["training"]["early_stopping"]["patience"] = 0; }},
            {"data hash a number", "/data", [](json& j) { j["data"]["hash"] = 5; }},
            {"run without model", "/runs/0", [](json& j) { j["runs"][0].erase("model"); }},
            {"manifest of another format", "/runs/0/manifest/format",
             [](json& j) { j["runs"][0]["manifest"]["format"] = "byom-model"; }},
            {"manifest config typo", "/runs/0/manifest/config",
             [](json& j) { j["runs"][0]["manifest"]["config"]["learning_rat"] = 0.1; }},
            {"model without layers", "/runs/0/model",
             [](json& j) { j["runs"][0]["model"].erase("layers"); }},
            {"model input shape of zero", "/runs/0/model/input_shape/0",
             [](json& j) { j["runs"][0]["model"]["input_shape"][0] = 0; }},
            {"weights not base64", "/runs/0/model/weights/0/data",
             [](json& j) { j["runs"][0]["model"]["weights"][0]["data"] = "AAA*"; }},
            {"weights without name", "/runs/0/model/weights/1",
             [](json& j) { j["runs"][0]["model"]["weights"][1].erase("name"); }},
        };
        return m;
    }
};

QTEST_GUILESS_MAIN(TestProjectSchema)
#include "tst_projectschema.moc"
