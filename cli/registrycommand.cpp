#include <ostream>

#include "cli/commands.h"
#include "core/io/projectfile.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"

namespace byom {

namespace {

void printEntry(std::ostream& out, const Architecture& a) {
    out << a.name << (a.builtin ? "" : " (user)") << "\n  " << a.doc << "\n  params:\n";
    for (const ParamSpec& p : a.schema.params()) {
        out << "    " << p.name << " (" << toString(p.type) << "): " << p.doc << "\n";
        if (p.element && p.element->fields)
            for (const ParamSpec& f : p.element->fields->params()) {
                out << "      ." << f.name << " (" << toString(f.type);
                if (!f.defaultValue.is_null()) out << ", default " << f.defaultValue.dump();
                out << "): " << f.doc << "\n";
            }
    }
    if (!a.refusals.empty()) {
        out << "  refused, with the reason:\n";
        for (const std::string& r : a.refusals) out << "    " << r << "\n";
    }
    out << "  example params:\n    " << a.example.dump() << "\n";
}

}  // namespace

int runRegistry(const std::vector<std::string>& argv, CliContext& ctx) {
    const Args args(argv, {"project"}, {"json"});
    const auto& pos = args.positional();
    if (pos.empty() || (pos[0] != "list" && pos[0] != "show"))
        throw UsageError("use: byom registry list|show NAME [--project P] [--json]");
    ModelFactory factory = ModelFactory::withBuiltins();
    if (const auto path = args.get("project")) {
        const Project project = loadProject(*path);
        try {
            factory = ModelFactory::withArchitectures(project.architectures);
        } catch (const Error& e) {
            throw Error(*path + ": architectures: " + e.what());
        }
    }
    if (pos[0] == "list") {
        if (pos.size() != 1) throw UsageError("registry list takes no name");
        if (args.has("json")) {
            json arr = json::array();
            for (const std::string& name : factory.list())
                arr.push_back(factory.get(name).toJson());
            ctx.out << arr.dump(2) << "\n";
        } else {
            for (const std::string& name : factory.list()) {
                const Architecture& a = factory.get(name);
                ctx.out << name << (a.builtin ? "" : " (user)") << "  " << a.doc << "\n";
            }
        }
        return 0;
    }
    if (pos.size() != 2) throw UsageError("use: byom registry show NAME");
    const Architecture& a = factory.get(pos[1]);
    if (args.has("json"))
        ctx.out << a.toJson().dump(2) << "\n";
    else
        printEntry(ctx.out, a);
    return 0;
}

}  // namespace byom
