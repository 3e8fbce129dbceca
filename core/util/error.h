#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace byom {

/// Base of every error BYOM reports to a user: the message is complete and names where.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The command line was used wrongly (the CLI exits with 2 for these).
class UsageError : public Error {
public:
    using Error::Error;
};

/// One problem found by validation: a JSON path (or file:line:column) and what to do.
struct Problem {
    std::string path;
    std::string message;

    std::string toString() const { return path.empty() ? message : path + ": " + message; }
};

/// Validation found one or more problems; what() lists all of them, one per line.
class ValidationError : public Error {
public:
    explicit ValidationError(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const { return m_problems; }

private:
    std::vector<Problem> m_problems;
};

/// Inside a catch block: rethrows the Error being handled with `file` in front of its message
/// (of each problem, for a ValidationError), as compilers name the file of an error. Messages
/// that already start with the file, usage errors, other exceptions and an empty `file` are
/// rethrown as they are.
[[noreturn]] void rethrowNamingFile(const std::string& file);

}  // namespace byom
