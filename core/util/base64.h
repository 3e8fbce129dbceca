#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace byom {

/// RFC 4648 base64 (with padding), used to store weights compactly inside JSON files.
std::string base64Encode(const void* data, std::size_t size);
/// Decodes base64; returns false on any character or length that is not base64.
bool base64Decode(std::string_view text, std::vector<std::uint8_t>& out);
/// Decodes base64 straight into `size` bytes at `out` (a model's weights, without a copy);
/// returns false when `text` is not base64 or does not hold exactly `size` bytes, in which
/// case `out` may have been partly written.
bool base64DecodeTo(std::string_view text, void* out, std::size_t size);

}  // namespace byom
