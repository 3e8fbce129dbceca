#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/io/export/csource.h"
#include "core/quant/qgraph.h"

namespace byom {

/// Writes the int8 C library of a quantised model (a QGraph): the same files and API as
/// CSource's float library (NAME_predict takes raw floats and returns floats), the kernels
/// CInt8Kernels's (the layers kept in float call CKernels's), int8 weights, int32 biases,
/// requantisation multipliers and shifts and tables as static const arrays, and one arena
/// planned over the tensors' lifetimes (int8 tensors one byte a value, float ones four).
/// `model.expected` holds QEngine's outputs: the self-test requires them bit for bit.
class CInt8Source {
public:
    /// File name (relative to the export's directory) -> contents.
    static std::map<std::string, std::string> files(const QGraph& graph,
                                                    const CSource::Model& model);

    /// The library's memory: its constant arrays per op (the bytes NAME.c declares for
    /// graph.ops[i]) and its arena in bytes, planned and naive (NAME_ARENA_BYTES and
    /// NAME_ARENA_NAIVE_BYTES).
    struct Memory {
        std::vector<long long> opWeightBytes;
        long long arenaBytes = 0;
        long long arenaNaiveBytes = 0;
    };
    static Memory memory(const QGraph& graph);
};

}  // namespace byom
