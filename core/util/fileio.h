#pragma once

#include <string>

#include "core/util/json.h"

namespace byom {

/// Largest JSON file (project, model, params) the program reads.
inline constexpr long long kMaxJsonFileBytes = 1LL << 30;

/// Reads a whole regular file; throws Error naming the file and the reason (missing, a
/// directory, unreadable, larger than maxBytes).
std::string readFile(const std::string& path, long long maxBytes = kMaxJsonFileBytes);

/// Deepest nesting of arrays and objects accepted in a JSON file.
inline constexpr int kMaxJsonDepth = 256;

/// Reads and parses a JSON file; a syntax error names the file, line and column; duplicate
/// keys and nesting deeper than kMaxJsonDepth are errors.
json readJsonFile(const std::string& path);
/// The same checks on text already in memory; `where` names it in messages.
json parseJsonText(const std::string& text, const std::string& where);

/// j.dump(indent), with long base64 strings (a model's weights) copied into the text in one
/// piece instead of character by character.
std::string dumpJson(json j, int indent);

/// Writes a file atomically: a temporary file in the same directory is written, flushed to
/// disk and renamed over `path`, so a crash or a full disk leaves the old file intact.
void writeFileAtomic(const std::string& path, const std::string& contents);

/// The directory part of a path ("." when there is none).
std::string directoryOf(const std::string& path);

}  // namespace byom
