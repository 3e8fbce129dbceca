#include "core/util/error.h"

namespace byom {

namespace {
std::string joinProblems(const std::vector<Problem>& problems) {
    std::string text;
    for (const Problem& p : problems) {
        if (!text.empty()) text += '\n';
        text += p.toString();
    }
    return text;
}
}  // namespace

ValidationError::ValidationError(std::vector<Problem> problems)
    : Error(joinProblems(problems)), m_problems(std::move(problems)) {}

void rethrowNamingFile(const std::string& file) {
    const std::string prefix = file + ":";
    const auto named = [&](const std::string& text) { return text.starts_with(prefix); };
    try {
        throw;
    } catch (const UsageError&) {
        throw;
    } catch (const ValidationError& e) {
        if (file.empty()) throw;
        std::vector<Problem> problems;
        for (const Problem& p : e.problems()) {
            if (named(p.path) || (p.path.empty() && named(p.message)))
                problems.push_back(p);
            else
                problems.push_back({p.path.empty() ? file : file + ": " + p.path, p.message});
        }
        throw ValidationError(std::move(problems));
    } catch (const Error& e) {
        if (file.empty() || named(e.what())) throw;
        throw Error(file + ": " + e.what());
    }
}

}  // namespace byom
