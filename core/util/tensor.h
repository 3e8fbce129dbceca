#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace byom {

// The engine's numeric types. One sample per column: a batch is (features x batch), and a
// (length, channels) sample is stored channels-last inside its column (index l * C + c).
// Kernels are templates on the scalar: float for training, double for gradient checks.
using Index = Eigen::Index;
template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <typename T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <typename T>
using MatMap = Eigen::Map<Mat<T>>;
template <typename T>
using VecMap = Eigen::Map<Vec<T>>;

/// A sample's shape without the batch, as Keras writes it: (features) or (length, channels).
struct Shape {
    std::vector<Index> dims;

    Shape() = default;
    Shape(std::initializer_list<Index> d) : dims(d) {}
    explicit Shape(std::vector<Index> d) : dims(std::move(d)) {}

    Index size() const {
        Index n = 1;
        for (Index d : dims) n *= d;
        return n;
    }
    std::size_t rank() const { return dims.size(); }
    Index operator[](std::size_t i) const { return dims[i]; }
    bool operator==(const Shape&) const = default;
    /// "(800, 1)" or "(64,)" as Keras prints it.
    std::string toString() const;
    /// Parses "800,1" or "(800, 1)"; throws UsageError on anything else.
    static Shape parse(const std::string& text);
};

/// A named view of part of a model's flat parameter vector (for export and inspection).
struct TensorInfo {
    std::string name;          // e.g. "kernel", "bias", "moving_mean"
    std::vector<Index> shape;  // Keras order, e.g. kernel (in, units)
    Index offset = 0;          // into the flat vector
    bool trainable = true;
};

}  // namespace byom
