#include "core/util/fileio.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/util/error.h"

namespace byom {

namespace {

std::string lineColumn(const std::string& text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

// nlohmann's lexer spends ~10 ns on every character of a string, which makes it the slowest
// part of opening a project with a trained run: a 10M-parameter model's weights are 53 MB of
// base64. Long string values made only of base64 characters are therefore taken out of the
// text before parsing (each replaced by "\u0000" and its index) and put back into the parsed
// values; the rest of the text is parsed as before.
// Fuzz builds (core/CMakeLists.txt) lift strings from 8 characters on, so that their inputs of
// a few KiB reach this path.
#ifdef BYOM_FUZZING
constexpr std::size_t kLongString = 8;
#else
constexpr std::size_t kLongString = 1 << 16;
#endif

constexpr std::array<bool, 256> base64Characters() {
    std::array<bool, 256> t{};
    for (const char c :
         std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="))
        t[static_cast<unsigned char>(c)] = true;
    return t;
}
constexpr auto kBase64Character = base64Characters();

/// `text` with its long base64 string values replaced by markers, and those values in
/// marker order; no values when there are none (or the text is not well-formed enough).
struct ShortenedJson {
    std::string text;
    std::vector<std::string_view> values;
};

ShortenedJson shortenLongStrings(const std::string& text) {
    ShortenedJson out;
    const std::size_t n = text.size();
    std::size_t copied = 0;  // text[0, copied) is in out.text
    std::size_t i = 0;       // outside any string
    while ((i = text.find('"', i)) != std::string::npos) {
        const std::size_t open = i;
        bool plain = true;  // only base64 characters: no escapes, no control characters
        std::size_t j = open + 1;
        for (; j < n && text[j] != '"'; ++j) {
            if (text[j] == '\\') {
                plain = false;
                ++j;  // the escaped character, possibly a quote
            } else if (!kBase64Character[static_cast<unsigned char>(text[j])]) {
                plain = false;
            }
        }
        if (j >= n) return {};  // unterminated: the parser reports it
        if (plain && j - open - 1 >= kLongString) {
            const std::size_t next = text.find_first_not_of(" \t\r\n", j + 1);
            if (next == std::string::npos || text[next] != ':') {  // a value, not a key
                out.text.append(text, copied, open + 1 - copied);
                out.text += "\\u0000" + std::to_string(out.values.size());
                out.values.push_back(std::string_view(text).substr(open + 1, j - open - 1));
                copied = j;
            }
        }
        i = j + 1;
    }
    if (!out.values.empty()) out.text.append(text, copied, std::string::npos);
    return out;
}

/// Puts the values taken out by shortenLongStrings back in place of their markers; false
/// when the markers do not match them one to one (a file with such strings of its own).
bool restoreLongStrings(json& j, const std::vector<std::string_view>& values,
                        std::vector<bool>& restored) {
    if (j.is_string()) {
        std::string& s = j.get_ref<std::string&>();
        if (s.empty() || s[0] != '\0') return true;
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), index);
        if (ec != std::errc() || end != s.data() + s.size() || s.size() < 2 ||
            index >= values.size() || restored[index])
            return false;
        s.assign(values[index]);
        restored[index] = true;
        return true;
    }
    if (j.is_structured())
        for (json& child : j)
            if (!restoreLongStrings(child, values, restored)) return false;
    return true;
}

/// Whether a string or key of `j` contains '\0', which dumpJson's markers are made of.
bool hasNulCharacters(const json& j) {
    if (j.is_string()) return j.get_ref<const std::string&>().find('\0') != std::string::npos;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key().find('\0') != std::string::npos || hasNulCharacters(it.value()))
                return true;
    if (j.is_array())
        for (const json& child : j)
            if (hasNulCharacters(child)) return true;
    return false;
}

/// Moves the long string values made only of base64 characters (written as they are) out of
/// `j`, leaving "\0" and their index in their place.
void takeLongStrings(json& j, std::vector<std::string>& taken) {
    if (j.is_string()) {
        std::string& s = j.get_ref<std::string&>();
        if (s.size() < kLongString) return;
        for (const char c : s)
            if (!kBase64Character[static_cast<unsigned char>(c)]) return;
        taken.push_back(std::move(s));
        j = std::string(1, '\0') + std::to_string(taken.size() - 1);
        return;
    }
    if (j.is_structured())
        for (json& child : j) takeLongStrings(child, taken);
}

/// Parses JSON with the checks of parseJsonText, character by character.
json parseJsonTextAsIs(const std::string& text, const std::string& where) {
    // The callback guards against hostile files: nesting beyond kMaxJsonDepth and duplicate
    // keys (which JSON parsers silently resolve differently) are errors, not surprises.
    std::vector<std::vector<std::string>> keys;  // keys seen per open object
    std::vector<std::string> parents;            // the key each open object or array is under
    std::string lastKey;
    std::string error;
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
        if (!error.empty()) return false;
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                if (depth >= kMaxJsonDepth) {
                    error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
                    throw Error(where + ": " + error);
                }
                parents.push_back(lastKey);
                if (event == json::parse_event_t::object_start)
                    keys.emplace_back();
                else
                    keys.emplace_back(std::vector<std::string>{"\x01array"});
                break;
            case json::parse_event_t::key: {
                const std::string& key = parsed.get_ref<const std::string&>();
                auto& seen = keys.back();
                if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                    error = "duplicate key \"" + key + "\"";
                    if (!parents.back().empty()) error += " inside \"" + parents.back() + "\"";
                    throw Error(where + ": " + error + " (each key may appear once per object)");
                }
                seen.push_back(key);
                lastKey = key;
                break;
            }
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                keys.pop_back();
                lastKey = parents.back();
                parents.pop_back();
                break;
            case json::parse_event_t::value:
                break;
        }
        return true;
    };
    try {
        return json::parse(text, callback);
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2:
        // syntax error while parsing value - ..."; keep the part after the position.
        const std::size_t pos = what.find(": ", what.find("parse error"));
        const std::string detail = pos == std::string::npos ? what : what.substr(pos + 2);
        throw Error(where + ":" + lineColumn(text, e.byte ? e.byte - 1 : 0) +
                    ": invalid JSON: " + detail);
    } catch (const json::out_of_range& e) {
        // A number too large for a double (1e999): nlohmann reports no position for it.
        std::string what = e.what();
        const std::size_t pos = what.find("] ");
        throw Error(where +
                    ": invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos + 2)));
    }
}

}  // namespace

std::string readFile(const std::string& path, long long maxBytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(path + ": is a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw Error(path + ": is not a regular file");
    if (st.st_size > maxBytes)
        throw Error(path + ": is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                    std::to_string(maxBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    in.read(text.data(), st.st_size);
    if (in.gcount() != st.st_size) throw Error(path + ": could not read the whole file");
    return text;
}

json readJsonFile(const std::string& path) {
    const std::string text = readFile(path);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(path + ": is empty, expected JSON");
    return parseJsonText(text, path);
}

json parseJsonText(const std::string& text, const std::string& where) {
    const ShortenedJson shortened = shortenLongStrings(text);
    if (!shortened.values.empty()) {
        try {
            json j = parseJsonTextAsIs(shortened.text, where);
            std::vector<bool> restored(shortened.values.size(), false);
            if (restoreLongStrings(j, shortened.values, restored) &&
                std::find(restored.begin(), restored.end(), false) == restored.end())
                return j;
        } catch (const std::exception&) {
            // Errors are reported from the whole text below, with their true positions.
        }
    }
    return parseJsonTextAsIs(text, where);
}

std::string dumpJson(json j, int indent) {
    // nlohmann's serialiser, like its lexer, handles every character of a string on its own.
    std::vector<std::string> taken;
    if (!hasNulCharacters(j)) takeLongStrings(j, taken);
    std::string text = j.dump(indent);
    if (taken.empty()) return text;
    // Only the markers contain "\0" (dumped as "\u0000"), right after their opening quote.
    std::size_t size = text.size();
    for (const std::string& s : taken) size += s.size();
    std::string out;
    out.reserve(size);
    const std::string_view marker = "\"\\u0000";
    std::size_t pos = 0;
    for (std::size_t m; (m = text.find(marker, pos)) != std::string::npos;) {
        out.append(text, pos, m + 1 - pos);  // up to the opening quote
        const std::size_t digits = m + marker.size();
        const std::size_t close = text.find('"', digits);
        std::size_t index = 0;
        std::from_chars(text.data() + digits, text.data() + close, index);
        out += taken.at(index);
        pos = close;  // the closing quote comes next
    }
    out.append(text, pos, std::string::npos);
    return out;
}

void writeFileAtomic(const std::string& path, const std::string& contents) {
    namespace fs = std::filesystem;
    const std::string dir = directoryOf(path);
    std::string name = ".";  // built by appending: GCC 12 warns falsely on "." + std::string
    name += fs::path(path).filename().string();
    name += ".XXXXXX";
    std::string tmpl = (fs::path(dir) / name).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error(path + ": cannot write in " + dir + ": " + std::strerror(errno));
    auto fail = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw Error(path + ": " + what + ": " + std::strerror(err) +
                    " (the old file is unchanged)");
    };
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write failed");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0) fail("chmod failed");
    if (::fsync(fd) != 0) fail("flush to disk failed");
    if (::close(fd) != 0) {
        ::unlink(tmpl.c_str());
        throw Error(path + ": close failed: " + std::strerror(errno));
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        throw Error(path + ": rename failed: " + std::strerror(err) +
                    " (the old file is unchanged)");
    }
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

std::string directoryOf(const std::string& path) {
    const std::string parent = std::filesystem::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

}  // namespace byom
