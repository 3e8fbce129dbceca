#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/npyheader.h"

namespace byom {

/// Loads NumPy .npy arrays (`npy:X.npy,Y.npy`). x has shape (N, F) or (N, L, C); y holds
/// class indices (N,) or (N, 1), one-hot rows (N, K), or float regression targets (N,) or
/// (N, K). Any supported dtype in either byte order and either memory order is converted to
/// float32 in the engine's layout (F x N, one sample per column, (L, C) channels-last).
/// Targets: integer or bool arrays are class indices; float arrays are class indices when
/// every value is a whole number in 0..19, one-hot when every row is, otherwise regression
/// targets; `task` forces either. Class names are "0".."K-1".
class NpyLoader {
public:
    /// Called as data is read with the fraction done (0..1) of both files' bytes; returning
    /// false cancels the load (it throws "PATH: loading was cancelled").
    using Progress = std::function<bool(double fraction)>;

    static Dataset load(const std::string& xPath, const std::string& yPath,
                        TaskMode task = TaskMode::Auto, const Progress& progress = {});

    /// Every element of the file as float (or double), in C order (Fortran files reordered).
    template <typename T>
    static std::vector<T> readAll(const std::string& path, NpyHeader* header = nullptr);
    /// Fills `out` (h.count elements) in C order from an already validated file; `read(bytes)`
    /// is told each block's size as it is read and cancels by returning false.
    template <typename T>
    static void readInto(const std::string& path, const NpyHeader& h, T* out,
                         const std::function<bool(std::uint64_t bytes)>& read = {});
};

}  // namespace byom
