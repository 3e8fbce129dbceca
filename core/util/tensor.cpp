#include "core/util/tensor.h"

#include <charconv>

#include "core/util/error.h"

namespace byom {

std::string Shape::toString() const {
    std::string s = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(dims[i]);
    }
    if (dims.size() == 1) s += ",";
    return s + ")";
}

Shape Shape::parse(const std::string& text) {
    Shape shape;
    std::string cleaned;
    for (char c : text)
        if (c != '(' && c != ')' && c != ' ') cleaned += c;
    std::size_t start = 0;
    while (start <= cleaned.size()) {
        std::size_t end = cleaned.find(',', start);
        if (end == std::string::npos) end = cleaned.size();
        if (end > start) {
            long long v = 0;
            const char* first = cleaned.data() + start;
            const char* last = cleaned.data() + end;
            auto [ptr, ec] = std::from_chars(first, last, v);
            if (ec != std::errc() || ptr != last || v < 1 || v > (1LL << 31))
                throw UsageError("input shape '" + text +
                                 "': each dimension must be a positive integer, as in 800,1");
            shape.dims.push_back(static_cast<Index>(v));
        }
        start = end + 1;
    }
    if (shape.dims.empty() || shape.dims.size() > 2)
        throw UsageError("input shape '" + text +
                         "': give one dimension (features) or two (length,channels)");
    return shape;
}

}  // namespace byom
