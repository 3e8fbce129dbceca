#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace byom {

/// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0), parsed from its Python
/// dict literal and checked against the file's size before anything is allocated: a header
/// claiming more data than the file holds, or sizes that overflow 64 bits, is an Error.
struct NpyHeader {
    std::string descr;          // as written, e.g. "<f4"
    char kind = 'f';            // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
    int itemSize = 4;           // bytes per element
    bool bigEndian = false;     // elements are byte-swapped when read
    bool fortranOrder = false;  // first index fastest
    std::vector<std::uint64_t> shape;
    std::uint64_t count = 0;       // elements
    std::uint64_t dataOffset = 0;  // where the data starts
    int major = 1;
    int minor = 0;

    /// Reads and validates the header of `path`; throws Error naming the file and the problem.
    static NpyHeader read(const std::string& path);
    /// "(150, 4)" as NumPy prints shapes.
    std::string shapeString() const;
};

}  // namespace byom
