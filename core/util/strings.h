#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byom {

/// Edit distance between two strings (for "did you mean" suggestions).
std::size_t editDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, or "" when none is plausibly meant.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

/// Joins with a separator: join({"a", "b"}, ", ") == "a, b".
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Splits on a single character; empty fields are kept.
std::vector<std::string> split(std::string_view text, char sep);

/// Text from a file made safe for a one-line message: valid UTF-8 is kept, control characters
/// and bytes that are not UTF-8 become \xNN ("caf\xe9" for a Latin-1 "café").
std::string printable(std::string_view text);

/// Formats an integer with thousands separators: 8709 -> "8,709".
std::string withThousands(long long value);

/// A duration as people read it, for run and epoch times: "0.42 ms" and "84 ms" below a
/// second, "1.3 s" and "12.3 s" below a minute, then "2 min 5 s" and "1 h 2 min". Zero,
/// negative and NaN durations read "0 ms".
std::string formatDuration(double seconds);

}  // namespace byom
