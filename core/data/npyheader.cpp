#include "core/data/npyheader.h"

#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

/// A value of the header's dict literal: a string, a bool or a tuple of integers.
struct PyValue {
    enum class Kind { String, Bool, Tuple } kind = Kind::String;
    std::string text;
    bool flag = false;
    std::vector<std::uint64_t> ints;
};

/// Parses the small subset of Python literal syntax numpy writes in a header.
class DictParser {
public:
    DictParser(std::string_view text, const std::string& file) : m_s(text), m_file(file) {}

    std::vector<std::pair<std::string, PyValue>> parse() {
        std::vector<std::pair<std::string, PyValue>> items;
        expect('{');
        for (;;) {
            skipSpace();
            if (peek() == '}') break;
            std::string key = parseString();
            expect(':');
            items.emplace_back(std::move(key), parseValue());
            skipSpace();
            if (peek() == ',') {
                ++m_i;
                continue;
            }
            if (peek() != '}') fail("expected ',' or '}'");
        }
        return items;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        // The header as one line: its padding and line end dropped, other bytes escaped.
        std::string_view shown = m_s.substr(0, 120);
        while (!shown.empty() && (shown.back() == ' ' || shown.back() == '\n'))
            shown.remove_suffix(1);
        throw Error(m_file + ": damaged .npy header: " + what + " at character " +
                    std::to_string(m_i + 1) + " of \"" + printable(shown) + "\"");
    }
    char peek() const { return m_i < m_s.size() ? m_s[m_i] : '\0'; }
    void skipSpace() {
        while (m_i < m_s.size() &&
               (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\t' || m_s[m_i] == '\r'))
            ++m_i;
    }
    void expect(char c) {
        skipSpace();
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++m_i;
    }
    std::string parseString() {
        skipSpace();
        const char q = peek();
        if (q != '\'' && q != '"') fail("expected a quoted string");
        const std::size_t start = ++m_i;
        while (m_i < m_s.size() && m_s[m_i] != q) ++m_i;
        if (m_i >= m_s.size()) fail("unclosed string");
        return std::string(m_s.substr(start, m_i++ - start));
    }
    std::uint64_t parseInt() {
        skipSpace();
        if (peek() < '0' || peek() > '9') fail("expected a non-negative integer");
        std::uint64_t v = 0;
        while (peek() >= '0' && peek() <= '9') {
            const std::uint64_t digit = static_cast<std::uint64_t>(peek() - '0');
            if (v > (UINT64_MAX - digit) / 10) fail("a dimension too large for 64 bits");
            v = v * 10 + digit;
            ++m_i;
        }
        if (peek() == 'L') ++m_i;  // written by Python 2
        return v;
    }
    PyValue parseValue() {
        skipSpace();
        PyValue v;
        const char c = peek();
        if (c == '\'' || c == '"') {
            v.text = parseString();
        } else if (m_s.substr(m_i, 4) == "True") {
            v.kind = PyValue::Kind::Bool;
            v.flag = true;
            m_i += 4;
        } else if (m_s.substr(m_i, 5) == "False") {
            v.kind = PyValue::Kind::Bool;
            m_i += 5;
        } else if (c == '(') {
            v.kind = PyValue::Kind::Tuple;
            ++m_i;
            for (;;) {
                skipSpace();
                if (peek() == ')') break;
                v.ints.push_back(parseInt());
                skipSpace();
                if (peek() == ',')
                    ++m_i;
                else if (peek() != ')')
                    fail("expected ',' or ')' in the shape");
            }
            ++m_i;
        } else if (c == '[') {
            throw Error(m_file +
                        ": structured dtype (a list of fields) is not supported; save a "
                        "plain numeric array, e.g. numpy.save(path, x.astype('float32'))");
        } else {
            fail("unexpected value");
        }
        return v;
    }

    std::string_view m_s;
    const std::string& m_file;
    std::size_t m_i = 0;
};

std::uint32_t readLe(const unsigned char* p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void parseDescr(NpyHeader& h, const std::string& file) {
    const std::string& d = h.descr;
    const std::string supported =
        " (supported: <f4 <f8 |i1 <i2 <i4 <i8 |u1 <u2 <u4 <u8 |b1 and their big-endian forms; "
        "convert with x.astype('float32'))";
    if (d.size() < 3) throw Error(file + ": unsupported dtype '" + d + "'" + supported);
    const char order = d[0];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        throw Error(file + ": unsupported dtype '" + d + "'" + supported);
    h.kind = d[1];
    const std::string size = d.substr(2);
    const bool ok = (h.kind == 'f' && (size == "4" || size == "8")) ||
                    ((h.kind == 'i' || h.kind == 'u') &&
                     (size == "1" || size == "2" || size == "4" || size == "8")) ||
                    (h.kind == 'b' && size == "1");
    if (!ok) throw Error(file + ": unsupported dtype '" + d + "'" + supported);
    h.itemSize = size[0] - '0';
    h.bigEndian = order == '>' || (order == '=' && std::endian::native == std::endian::big);
    if (h.itemSize == 1) h.bigEndian = false;
}

}  // namespace

std::string NpyHeader::shapeString() const {
    std::vector<std::string> dims;
    for (std::uint64_t d : shape) dims.push_back(std::to_string(d));
    return "(" + join(dims, ", ") + (shape.size() == 1 ? ",)" : ")");
}

NpyHeader NpyHeader::read(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path + ": is a directory, not a file; give the path of a .npy file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno) + " (check the path)");
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(path + ": cannot read its size: " + ec.message());

    unsigned char pre[12] = {};
    in.read(reinterpret_cast<char*>(pre), 12);
    const std::streamsize got = in.gcount();
    if (got < 6 || std::memcmp(pre, "\x93NUMPY", 6) != 0)
        throw Error(path +
                    ": not a NumPy .npy file (it does not start with \\x93NUMPY); write "
                    "it with numpy.save");
    if (got < 8) throw Error(path + ": truncated .npy file (the header is cut off)");
    NpyHeader h;
    h.major = pre[6];
    h.minor = pre[7];
    if (h.major < 1 || h.major > 3)
        throw Error(path + ": .npy format version " + std::to_string(h.major) + "." +
                    std::to_string(h.minor) + " is not supported (1.0, 2.0 and 3.0 are)");
    const int lenBytes = h.major == 1 ? 2 : 4;
    if (got < 8 + lenBytes) throw Error(path + ": truncated .npy file (the header is cut off)");
    const std::uint64_t headerLen = readLe(pre + 8, lenBytes);
    // NumPy writes headers of a few hundred bytes; a long one is a damaged or hostile file.
    constexpr std::uint64_t kMaxHeaderBytes = 1 << 20;
    if (headerLen > kMaxHeaderBytes)
        throw Error(path + ": damaged .npy header: it claims " + std::to_string(headerLen) +
                    " bytes (at most 1 MiB is accepted)");
    h.dataOffset = 8 + static_cast<std::uint64_t>(lenBytes) + headerLen;
    if (h.dataOffset > fileSize)
        throw Error(path + ": truncated .npy file: the header claims " + std::to_string(headerLen) +
                    " bytes but the file has " + std::to_string(fileSize) + " in all");
    std::string text(headerLen, '\0');
    in.seekg(static_cast<std::streamoff>(8 + lenBytes));
    in.read(text.data(), static_cast<std::streamsize>(headerLen));
    if (in.gcount() != static_cast<std::streamsize>(headerLen))
        throw Error(path + ": truncated .npy file (the header is cut off)");

    bool haveDescr = false, haveOrder = false, haveShape = false;
    for (auto& [key, value] : DictParser(text, path).parse()) {
        if (key == "descr" && value.kind == PyValue::Kind::String) {
            h.descr = value.text;
            haveDescr = true;
        } else if (key == "fortran_order" && value.kind == PyValue::Kind::Bool) {
            h.fortranOrder = value.flag;
            haveOrder = true;
        } else if (key == "shape" && value.kind == PyValue::Kind::Tuple) {
            h.shape = value.ints;
            haveShape = true;
        } else if (key == "descr" || key == "fortran_order" || key == "shape") {
            throw Error(path + ": damaged .npy header: '" + key + "' has the wrong type");
        }
    }
    if (!haveDescr || !haveOrder || !haveShape)
        throw Error(path + ": damaged .npy header: it needs 'descr', 'fortran_order' and 'shape'");
    parseDescr(h, path);

    // Overflow-safe size arithmetic, then compare with the bytes actually present.
    std::uint64_t count = 1;
    for (std::uint64_t d : h.shape)
        if (d != 0 && count > UINT64_MAX / d)
            throw Error(path + ": shape " + h.shapeString() + " overflows 64 bits (damaged file)");
        else
            count *= d;
    const auto item = static_cast<std::uint64_t>(h.itemSize);
    if (count > UINT64_MAX / item)
        throw Error(path + ": shape " + h.shapeString() + " overflows 64 bits (damaged file)");
    const std::uint64_t bytes = count * item;
    const std::uint64_t present = fileSize - h.dataOffset;
    if (bytes > present)
        throw Error(
            path + ": truncated or damaged .npy file: shape " + h.shapeString() + " of " + h.descr +
            " needs " +
            withThousands(static_cast<long long>(std::min<std::uint64_t>(bytes, INT64_MAX))) +
            " bytes of data but the file holds " + withThousands(static_cast<long long>(present)));
    if (bytes < present)
        throw Error(path + ": damaged .npy file: " +
                    withThousands(static_cast<long long>(present - bytes)) +
                    " bytes follow the data of shape " + h.shapeString() + " of " + h.descr);
    h.count = count;
    return h;
}

}  // namespace byom
