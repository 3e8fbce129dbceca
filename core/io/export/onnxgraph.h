#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "core/util/tensor.h"

namespace byom {

/// A thin builder over ONNX's protobuf ModelProto: float and int64 initializers, nodes with
/// attributes, unique value names, and the float input/output declarations.
class OnnxGraph {
public:
    /// opset and IR version of the model (17 and 8: the newest Debian's onnx 1.12 checks).
    OnnxGraph(const std::string& name, std::int64_t opset, std::int64_t irVersion);

    /// A float32 initializer; returns its name (unique, derived from `hint`).
    std::string constant(const std::string& hint, const std::vector<Index>& dims,
                         const std::vector<float>& values);
    std::string constantInt64(const std::string& hint, const std::vector<std::int64_t>& values);

    /// Adds a node with one output; returns the node (for attributes) and sets `out`.
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& hint, std::string& out);
    /// Convenience: a node without attributes; returns its output.
    std::string op(const std::string& op, const std::vector<std::string>& inputs,
                   const std::string& hint);

    static void setInt(onnx::NodeProto& n, const std::string& name, std::int64_t v);
    static void setInts(onnx::NodeProto& n, const std::string& name,
                        const std::vector<std::int64_t>& v);
    static void setFloat(onnx::NodeProto& n, const std::string& name, float v);

    /// Declares a float input/output with a symbolic batch dimension "N" before `dims`.
    void addInput(const std::string& name, const std::vector<Index>& dims);
    void addOutput(const std::string& name, const std::vector<Index>& dims);

    /// An Identity node from `in` to the exactly named `out` (the graph's output).
    void identity(const std::string& in, const std::string& out);

    std::string serialize() const;

private:
    std::string unique(const std::string& hint);

    onnx::ModelProto m_model;
    onnx::GraphProto* m_graph;
    std::vector<std::string> m_names;
    std::int64_t m_counter = 0;
};

}  // namespace byom
