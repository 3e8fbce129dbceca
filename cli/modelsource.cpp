#include "cli/modelsource.h"

#include <algorithm>

#include "core/io/projectfile.h"
#include "core/registry/architecturejson.h"
#include "core/registry/paramsfile.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

/// The architecture of a params file (or a run's), defining it when it is a user architecture
/// written out with its layers.
void useParams(ModelSource& src, const ParamsFile& file) {
    src.architecture = file.architecture();
    if (ModelFactory::withBuiltins().adoptDefinition(file.name, file.params))
        src.definition = src.architecture;
    src.numClasses = file.numClasses;
    src.inputShape = file.inputShape;
}

/// The architecture of `--project P [--arch NAME]` or `--params FILE`.
void readArchitecture(ModelSource& src, const Args& args) {
    if (const auto projectPath = args.get("project")) {
        src.projectPath = *projectPath;
        src.project = loadProject(*projectPath);
        const std::string arch = args.get("arch").value_or("");
        const bool isStack =
            arch.empty() || std::any_of(src.project->stacks.begin(), src.project->stacks.end(),
                                        [&](const StackEntry& s) { return s.name == arch; });
        if (isStack) {
            const StackEntry& stack = src.project->stack(arch);
            src.architecture = architectureJson(stack);
            src.inputShape = stack.inputShape;
            src.numClasses = stack.numClasses;
            src.exact = true;
            return;
        }
        // A registered architecture of the project (or a built-in) with its example params.
        const ModelFactory factory = src.factory();
        src.architecture = {{"name", arch}, {"params", factory.get(arch).example}};
        for (const StackEntry& s : src.project->architectures)
            if (s.name == arch) {
                src.inputShape = s.inputShape;
                src.numClasses = s.numClasses;
            }
        return;
    }
    useParams(src, ParamsFile::read(*args.get("params")));
}

}  // namespace

ModelSource ModelSource::fromArgs(const Args& args) {
    ModelSource src;
    if (args.has("project") == args.has("params"))
        throw UsageError("give exactly one of --project P or --params FILE");
    if (args.has("arch") && !args.has("project")) throw UsageError("--arch needs --project");
    src.file = *args.get(args.has("project") ? "project" : "params");
    try {
        readArchitecture(src, args);
    } catch (const Error&) {
        rethrowNamingFile(src.file);
    }
    // Options of the commands that take them (summary, export) override the file's.
    if (const auto shape = args.get("input-shape")) src.inputShape = Shape::parse(*shape);
    if (args.has("classes")) src.numClasses = args.intValue("classes", 0, 1, 65536);
    return src;
}

ModelSource ModelSource::fromRun(const RunManifest& run, const std::string& path) {
    ModelSource src;
    src.file = path;
    try {
        useParams(src, ParamsFile::fromJson(run.architecture, "architecture"));
    } catch (const Error&) {
        rethrowNamingFile(path);
    }
    src.numClasses = run.numClasses;
    return src;
}

std::string ModelSource::name() const {
    return architecture.at("name").get<std::string>();
}

std::vector<LayerSpec> ModelSource::expand() const {
    if (!inputShape)
        throw UsageError("give the input shape with --input-shape (e.g. 100 or 800,1)");
    try {
        return factory().expand(name(), *inputShape, architecture.at("params"), numClasses);
    } catch (const Error&) {
        rethrowNamingFile(file);
    }
}

std::unique_ptr<Model<float>> ModelSource::build() const {
    std::vector<LayerSpec> specs = expand();
    try {
        return std::make_unique<Model<float>>(std::move(specs), *inputShape);
    } catch (const Error&) {
        rethrowNamingFile(file);
    }
}

void ModelSource::printWarnings(std::ostream& err) const {
    std::vector<Problem> warnings;
    try {
        warnings = factory().warnings(name(), architecture.at("params"));
    } catch (const Error&) {
        return;  // an unknown architecture is reported when it is built
    }
    for (const Problem& w : warnings) err << "warning: " << file << ": " << w.toString() << "\n";
}

ModelFactory ModelSource::factory() const {
    if (!project) {
        ModelFactory f = ModelFactory::withBuiltins();
        if (definition)
            f.adoptDefinition((*definition)["name"].get<std::string>(), (*definition)["params"]);
        return f;
    }
    try {
        return ModelFactory::withArchitectures(project->architectures);
    } catch (const Error& e) {
        throw Error(projectPath + ": architectures: " + e.what());
    }
}

}  // namespace byom
