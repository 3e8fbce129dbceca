#include "core/data/csvreader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/util/error.h"

namespace byom {

namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;  // bytes read per block

}  // namespace

CsvReader::CsvReader(const std::string& path, char delimiter) : m_path(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path + ": is a directory, not a file; give the path of a .csv file");
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file)
        throw Error(path + ": cannot open: " + std::strerror(errno) +
                    " (check the path, relative to the project or working directory)");
    m_cap = kBlock;
    m_buf = std::make_unique<char[]>(m_cap);
    fill();
    if (m_end - m_pos >= 3 && std::memcmp(m_buf.get() + m_pos, "\xEF\xBB\xBF", 3) == 0) m_pos += 3;
    m_delimiter = delimiter ? delimiter : detectDelimiter();
}

CsvReader::~CsvReader() {
    if (m_file) std::fclose(m_file);
}

bool CsvReader::fill() {
    if (m_eof) return false;
    if (m_pos > 0) {
        std::memmove(m_buf.get(), m_buf.get() + m_pos, m_end - m_pos);
        m_end -= m_pos;
        m_pos = 0;
    }
    if (m_end == m_cap) {  // one record longer than the buffer: grow it
        if (m_cap >= kMaxRecordBytes)
            throw Error(m_path + ":" + std::to_string(m_line) +
                        ": a record longer than " + std::to_string(kMaxRecordBytes >> 20) +
                        " MiB (an unclosed quote, or not a CSV file?)");
        auto bigger = std::make_unique<char[]>(m_cap * 2);
        std::memcpy(bigger.get(), m_buf.get(), m_end);
        m_buf = std::move(bigger);
        m_cap *= 2;
    }
    const std::size_t got = std::fread(m_buf.get() + m_end, 1, m_cap - m_end, m_file);
    if (got == 0) {
        if (std::ferror(m_file))
            throw Error(m_path + ":" + std::to_string(m_line) +
                        ": read error: " + std::strerror(errno));
        m_eof = true;
        return false;
    }
    m_end += got;
    m_read += got;
    return true;
}

char CsvReader::detectDelimiter() {
    // Count each candidate outside quotes on the first few lines; the delimiter is the one
    // that appears, the same number of times, on every line (ties: the most frequent).
    constexpr char kCandidates[] = {',', ';', '\t'};
    constexpr int kLines = 5;
    int counts[kLines][3] = {};
    int lines = 0;
    bool quoted = false;
    for (std::size_t i = m_pos; i < m_end && lines < kLines; ++i) {
        const char c = m_buf[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n') {
            ++lines;
            continue;
        }
        for (int k = 0; k < 3; ++k)
            if (c == kCandidates[k]) ++counts[lines][k];
    }
    if (lines < kLines && m_end > m_pos && m_buf[m_end - 1] != '\n') ++lines;  // last line
    char best = ',';
    int bestCount = 0;
    bool bestConsistent = false;
    for (int k = 0; k < 3; ++k) {
        const int first = counts[0][k];
        if (first == 0) continue;
        bool consistent = true;
        for (int l = 1; l < lines; ++l) consistent = consistent && counts[l][k] == first;
        if ((consistent && !bestConsistent) ||
            (consistent == bestConsistent && first > bestCount)) {
            best = kCandidates[k];
            bestCount = first;
            bestConsistent = consistent;
        }
    }
    return best;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    for (;;) {
        if (m_pos == m_end && !fill()) return false;
        const char* start = m_buf.get() + m_pos;
        const std::size_t avail = m_end - m_pos;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
        if (!nl && !m_eof) {
            fill();
            continue;
        }
        const char* lineEnd = nl ? nl : start + avail;
        if (std::memchr(start, '"', static_cast<std::size_t>(lineEnd - start)))
            return parseQuoted(fields) || next(fields);
        m_recordLine = m_line;
        std::size_t len = static_cast<std::size_t>(lineEnd - start);
        m_pos += len + (nl ? 1 : 0);
        if (nl) ++m_line;
        if (len > 0 && start[len - 1] == '\r') --len;
        if (len == 0) continue;  // blank line
        const char* p = start;
        const char* const end = start + len;
        for (;;) {
            const char* d = static_cast<const char*>(
                std::memchr(p, m_delimiter, static_cast<std::size_t>(end - p)));
            if (!d) {
                fields.emplace_back(p, static_cast<std::size_t>(end - p));
                return true;
            }
            fields.emplace_back(p, static_cast<std::size_t>(d - p));
            p = d + 1;
        }
    }
}

// A record with quotes: first find where it ends (line breaks inside quotes belong to it),
// reading more blocks as needed, then split it, unescaping "" in place (never longer).
bool CsvReader::parseQuoted(std::vector<std::string_view>& fields) {
    std::size_t i = m_pos;
    bool quoted = false;
    long long breaks = 0;
    for (;;) {
        while (i < m_end) {
            const char c = m_buf[i];
            if (c == '"')
                quoted = !quoted;
            else if (c == '\n') {
                if (!quoted) break;
                ++breaks;
            }
            ++i;
        }
        if (i < m_end || m_eof) break;
        const std::size_t offset = i - m_pos;
        const bool more = fill();  // moves m_pos to 0
        i = m_pos + offset;
        if (!more) break;
    }
    if (quoted)
        throw Error(m_path + ":" + std::to_string(m_line) +
                    ": a quoted field is never closed (a \" without its closing \"; write a "
                    "quote inside a quoted field as \"\")");
    m_recordLine = m_line;
    const bool hasNewline = i < m_end;
    std::size_t recEnd = i;
    m_line += breaks + (hasNewline ? 1 : 0);
    char* b = m_buf.get();
    std::size_t r = m_pos;
    m_pos = hasNewline ? i + 1 : i;
    if (recEnd > r && b[recEnd - 1] == '\r') --recEnd;
    if (recEnd == r) return false;  // blank
    std::size_t w = r;
    for (;;) {
        const std::size_t fieldStart = w;
        if (r < recEnd && b[r] == '"') {
            ++r;
            while (r < recEnd) {
                if (b[r] == '"') {
                    if (r + 1 < recEnd && b[r + 1] == '"') {
                        b[w++] = '"';
                        r += 2;
                        continue;
                    }
                    ++r;
                    break;
                }
                b[w++] = b[r++];
            }
        }
        while (r < recEnd && b[r] != m_delimiter) b[w++] = b[r++];
        fields.emplace_back(b + fieldStart, w - fieldStart);
        if (r >= recEnd) return true;
        ++r;                   // the delimiter
        b[w++] = m_delimiter;  // w < r: in-place unescaping never overtakes the reader
    }
}

}  // namespace byom
