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

}  // namespace byom
