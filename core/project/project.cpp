#include "core/project/project.h"

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

const StackEntry& Project::stack(const std::string& name) const {
    if (stacks.empty()) throw Error("the project has no layer stacks");
    if (name.empty()) return stacks.front();
    for (const StackEntry& s : stacks)
        if (s.name == name) return s;
    std::vector<std::string> names;
    for (const StackEntry& s : stacks) names.push_back(s.name);
    throw Error("the project has no stack named \"" + name + "\" (it has: " + join(names, ", ") +
                ")");
}

}  // namespace byom
