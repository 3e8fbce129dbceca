#include "core/io/export/onnxgraph.h"

#include <algorithm>

#include "core/util/error.h"

namespace byom {

namespace {

void declare(onnx::ValueInfoProto* v, const std::string& name, const std::vector<Index>& dims) {
    v->set_name(name);
    onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    onnx::TensorShapeProto* shape = t->mutable_shape();
    shape->add_dim()->set_dim_param("N");
    for (Index d : dims) shape->add_dim()->set_dim_value(d);
}

}  // namespace

OnnxGraph::OnnxGraph(const std::string& name, std::int64_t opset, std::int64_t irVersion) {
    m_model.set_ir_version(irVersion);
    m_model.set_producer_name("byom");
    m_model.set_producer_version(BYOM_VERSION);
    onnx::OperatorSetIdProto* op = m_model.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    m_graph = m_model.mutable_graph();
    m_graph->set_name(name);
}

std::string OnnxGraph::unique(const std::string& hint) {
    // Names stay readable ("conv1d_1/W"); a counter keeps them unique.
    std::string name = hint;
    if (std::find(m_names.begin(), m_names.end(), name) != m_names.end())
        name = hint + "_" + std::to_string(++m_counter);
    m_names.push_back(name);
    return name;
}

std::string OnnxGraph::constant(const std::string& hint, const std::vector<Index>& dims,
                                const std::vector<float>& values) {
    Index n = 1;
    for (Index d : dims) n *= d;
    if (n != static_cast<Index>(values.size()))
        throw Error("onnx: constant " + hint + " has " + std::to_string(values.size()) +
                    " values for " + std::to_string(n) + " elements");
    onnx::TensorProto* t = m_graph->add_initializer();
    t->set_name(unique(hint));
    t->set_data_type(onnx::TensorProto_DataType_FLOAT);
    for (Index d : dims) t->add_dims(d);
    t->set_raw_data(
        std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return t->name();
}

std::string OnnxGraph::constantInt64(const std::string& hint,
                                     const std::vector<std::int64_t>& values) {
    onnx::TensorProto* t = m_graph->add_initializer();
    t->set_name(unique(hint));
    t->set_data_type(onnx::TensorProto_DataType_INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (std::int64_t v : values) t->add_int64_data(v);
    return t->name();
}

onnx::NodeProto& OnnxGraph::node(const std::string& op, const std::vector<std::string>& inputs,
                                 const std::string& hint, std::string& out) {
    onnx::NodeProto* n = m_graph->add_node();
    n->set_op_type(op);
    n->set_name(unique(hint + "/" + op));
    for (const std::string& in : inputs) n->add_input(in);
    out = unique(hint + "/" + op + ":0");
    n->add_output(out);
    return *n;
}

std::string OnnxGraph::op(const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& hint) {
    std::string out;
    node(op, inputs, hint, out);
    return out;
}

void OnnxGraph::setInt(onnx::NodeProto& n, const std::string& name, std::int64_t v) {
    onnx::AttributeProto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INT);
    a->set_i(v);
}

void OnnxGraph::setInts(onnx::NodeProto& n, const std::string& name,
                        const std::vector<std::int64_t>& v) {
    onnx::AttributeProto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INTS);
    for (std::int64_t x : v) a->add_ints(x);
}

void OnnxGraph::setFloat(onnx::NodeProto& n, const std::string& name, float v) {
    onnx::AttributeProto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_FLOAT);
    a->set_f(v);
}

void OnnxGraph::addInput(const std::string& name, const std::vector<Index>& dims) {
    declare(m_graph->add_input(), name, dims);
    m_names.push_back(name);
}

void OnnxGraph::addOutput(const std::string& name, const std::vector<Index>& dims) {
    declare(m_graph->add_output(), name, dims);
}

void OnnxGraph::identity(const std::string& in, const std::string& out) {
    onnx::NodeProto* n = m_graph->add_node();
    n->set_op_type("Identity");
    n->set_name(unique(out + "/Identity"));
    n->add_input(in);
    n->add_output(out);
    m_names.push_back(out);
}

std::string OnnxGraph::serialize() const {
    std::string bytes;
    if (!m_model.SerializeToString(&bytes)) throw Error("onnx: could not serialise the model");
    return bytes;
}

}  // namespace byom
