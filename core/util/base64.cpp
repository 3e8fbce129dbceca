#include "core/util/base64.h"

#include <array>

namespace byom {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> decodeTable() {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) v = -1;
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return t;
}
constexpr auto kDecode = decodeTable();
}  // namespace

// Both directions write through a pointer into storage sized up front: a model's weights are
// tens of megabytes, and per-character appends cost more than the conversion itself.
std::string base64Encode(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::string out((size + 2) / 3 * 4, '\0');
    char* o = out.data();
    std::size_t i = 0;
    for (; i + 2 < size; i += 3, o += 4) {
        const std::uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
        o[0] = kAlphabet[v >> 18];
        o[1] = kAlphabet[(v >> 12) & 63];
        o[2] = kAlphabet[(v >> 6) & 63];
        o[3] = kAlphabet[v & 63];
    }
    if (i < size) {
        std::uint32_t v = p[i] << 16;
        if (i + 1 < size) v |= p[i + 1] << 8;
        o[0] = kAlphabet[v >> 18];
        o[1] = kAlphabet[(v >> 12) & 63];
        o[2] = i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=';
        o[3] = '=';
    }
    return out;
}

namespace {

/// Decodes `text` (not empty, a multiple of 4 long) into `out`, which has room for
/// text.size() / 4 * 3 bytes; returns the decoded size, or npos when `text` is not base64.
/// Only the bytes of the decoded size are written.
std::size_t decodeTo(std::string_view text, std::uint8_t* o) {
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    // Every quad but the last has no padding: '=' decodes as invalid there.
    const std::size_t last = text.size() - 4;
    for (std::size_t i = 0; i < last; i += 4, o += 3) {
        const int a = kDecode[in[i]], b = kDecode[in[i + 1]], c = kDecode[in[i + 2]],
                  d = kDecode[in[i + 3]];
        if ((a | b | c | d) < 0) return std::string_view::npos;
        const std::uint32_t word = (a << 18) | (b << 12) | (c << 6) | d;
        o[0] = static_cast<std::uint8_t>(word >> 16);
        o[1] = static_cast<std::uint8_t>((word >> 8) & 0xFF);
        o[2] = static_cast<std::uint8_t>(word & 0xFF);
    }
    // The last quad may end in "=" or "==".
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
        const unsigned char c = in[last + k];
        if (c == '=' && k >= 2) {
            v[k] = 0;
            ++pad;
            continue;
        }
        if (pad) return std::string_view::npos;  // data after padding
        v[k] = kDecode[c];
        if (v[k] < 0) return std::string_view::npos;
    }
    const std::uint32_t word = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    o[0] = static_cast<std::uint8_t>(word >> 16);
    if (pad < 2) o[1] = static_cast<std::uint8_t>((word >> 8) & 0xFF);
    if (pad < 1) o[2] = static_cast<std::uint8_t>(word & 0xFF);
    return text.size() / 4 * 3 - static_cast<std::size_t>(pad);
}

}  // namespace

bool base64Decode(std::string_view text, std::vector<std::uint8_t>& out) {
    out.clear();
    if (text.size() % 4 != 0) return false;
    if (text.empty()) return true;
    out.resize(text.size() / 4 * 3);
    const std::size_t n = decodeTo(text, out.data());
    if (n == std::string_view::npos) {
        out.clear();
        return false;
    }
    out.resize(n);
    return true;
}

bool base64DecodeTo(std::string_view text, void* out, std::size_t size) {
    if (text.size() % 4 != 0) return false;
    if (text.empty()) return size == 0;
    // The size the padding announces; decodeTo checks that the padding is well formed.
    const std::size_t pad = text.back() != '=' ? 0 : text[text.size() - 2] == '=' ? 2 : 1;
    if (text.size() / 4 * 3 - pad != size) return false;
    return decodeTo(text, static_cast<std::uint8_t*>(out)) == size;
}

}  // namespace byom
