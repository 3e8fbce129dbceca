#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace byom {

/// Streams the records of a delimited text file (RFC 4180): quoted fields with "" escapes and
/// delimiters or line breaks inside quotes, LF or CRLF line ends, an optional UTF-8 BOM.
/// Reads in fixed-size blocks, so memory stays at one block plus the longest record. Blank
/// lines are skipped. Throws Error naming file:line for a quote that is never closed or a
/// file that cannot be read.
class CsvReader {
public:
    /// One record (a line, or several when a quoted field holds line breaks) may hold at most
    /// this many bytes; a longer one is refused before the buffer grows past it.
    static constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;

    /// `delimiter` 0 detects ',', ';' or tab from the start of the file.
    CsvReader(const std::string& path, char delimiter = 0);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    /// The next record's fields, valid until the next call; false at the end of the file.
    bool next(std::vector<std::string_view>& fields);
    /// The 1-based line on which the record last returned starts.
    long long line() const { return m_recordLine; }
    char delimiter() const { return m_delimiter; }
    /// Bytes of the file consumed so far (for estimating the row count from the file size).
    std::uint64_t consumed() const { return m_read - (m_end - m_pos); }
    const std::string& path() const { return m_path; }
    /// The file's name for messages ("data/iris.csv").
    const std::string& displayName() const { return m_path; }

private:
    bool fill();  // moves the unread tail to the front and reads more; false at EOF
    char detectDelimiter();
    bool parseQuoted(std::vector<std::string_view>& fields);

    std::string m_path;
    std::FILE* m_file = nullptr;
    std::unique_ptr<char[]> m_buf;
    std::size_t m_cap = 0;
    std::size_t m_pos = 0;     // next unread byte
    std::size_t m_end = 0;     // bytes in the buffer
    std::uint64_t m_read = 0;  // bytes read from the file
    bool m_eof = false;
    char m_delimiter = ',';
    long long m_line = 1;        // line of m_pos
    long long m_recordLine = 0;  // line where the last record started
};

}  // namespace byom
