#include "core/deploy/calibration.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/deploy/calibrationtable.h"
#include "core/io/export/ckernels.h"

namespace byom {

namespace {

template <typename T, std::size_t N>
const T* find(const T (&table)[N], const std::string& name) {
    for (const T& t : table)
        if (name == t.kernel) return &t;
    return nullptr;
}

calibration::ActivationCost activation(Act act) {
    const std::string name = activationName(act);
    for (const calibration::ActivationCost& a : calibration::kActivations)
        if (name == a.activation) return a;
    return {"", 0.0, 0.0};
}

/// The kernel whose costs the table holds for `op`: on a Cortex-M4 conv1d_few is conv1d.
std::string costed(const CGraph::Op& op) {
    return op.kernel == "conv1d_few" ? std::string("conv1d") : op.kernel;
}

/// The outputs a product kernel computes side by side (what its register blocks run over):
/// dense's units, conv1d's filters, depthwise's channels times multiplier; 4 for the others.
Index outputWidth(const CGraph::Op& op) {
    if (op.kernel == "dense") return op.ints[1];
    if (costed(op) == "conv1d") return op.ints[2];
    if (op.kernel == "depthwise_conv1d") return op.ints[1] * op.ints[2];
    return 4;
}

/// An int8 op's steps (multiply-accumulates, or elements) and output values, as
/// scripts/calibrate-deploy counts them.
std::pair<double, double> int8Work(const QGraph& q, const QGraph::Op& op) {
    const std::vector<Index>& n = op.ints;
    const double outputs = double(q.tensors[static_cast<std::size_t>(op.output)].size);
    const std::string& k = op.kernel;
    if (k == "dense") return {double(n[0] * n[1]), double(n[1])};
    if (k == "conv1d") return {double(n[7] * n[2] * n[3] * n[1]), double(n[7] * n[2])};
    if (k == "depthwise_conv1d") return {double(n[7] * n[1] * n[2] * n[3]), outputs};
    if (k == "max_pool1d" || k == "avg_pool1d") return {double(n[5] * n[1] * n[2]), outputs};
    if (k == "global_max_pool1d" || k == "global_avg_pool1d") return {double(n[0] * n[1]), outputs};
    if (k == "quantize") return {double(n[0]), 0.0};
    return {outputs, outputs};
}

double int8Cost(const std::string& kernel, double steps, double outputs) {
    const calibration::Int8KernelCost* c = find(calibration::kInt8Kernels, kernel);
    // A kernel the table does not hold: a plain element-wise loop's cost.
    if (!c) return 50.0 + 6.0 * steps;
    return c->perCall + c->perStep * steps + c->perOutput * outputs;
}

}  // namespace

double Calibration::int8Instructions(const QGraph& q, const QGraph::Op& op, const CGraph& graph) {
    if (op.kernel == "float") {
        const auto& ops = graph.ops();
        if (op.source >= 0 && static_cast<std::size_t>(op.source) < ops.size())
            return instructions(graph, ops[static_cast<std::size_t>(op.source)]);
        return 50.0 + 6.0 * double(op.floatOp.work);
    }
    const auto [steps, outputs] = int8Work(q, op);
    return int8Cost(op.kernel, steps, outputs);
}

double Calibration::int8Overhead(const QGraph& q) {
    const double outputs = double(q.tensors[static_cast<std::size_t>(q.output)].size);
    return int8Cost("copy", outputs, 0.0) + int8Cost("predict", 0.0, 0.0);
}

long long Calibration::int8CodeBytes(const QGraph& q) {
    std::map<std::string, int> calls;
    for (const QGraph::Op& op : q.ops)
        ++calls[op.kernel == "float" ? "float " + op.floatOp.kernel : op.kernel];
    double bytes = calibration::kInt8PredictCodeBytes;
    for (const auto& [kernel, n] : calls) {
        if (kernel.rfind("float ", 0) == 0) {
            // A layer kept in float: the float kernel's body.
            if (const calibration::CodeCost* c = find(calibration::kCodeBytes, kernel.substr(6)))
                bytes += n == 1 ? c->first : c->generic + c->perCall * double(n);
            continue;
        }
        if (const calibration::Int8CodeCost* c = find(calibration::kInt8CodeBytes, kernel))
            bytes += n == 1 ? c->first : c->generic + c->perCall * double(n);
    }
    return static_cast<long long>(bytes);
}

double Calibration::instructions(const CGraph& graph, const CGraph::Op& op) {
    const calibration::KernelCost* k = find(calibration::kKernels, costed(op));
    // A kernel the table does not hold (channel_scale): a plain element-wise loop's cost.
    double n = k ? k->perCall + k->perStep * double(op.work) : 50.0 + 6.0 * double(op.work);
    // The activation runs over the op's output.
    if (CKernels::takesActivation(op.kernel) && op.act != Act::Linear)
        n += activation(op.act).perValue *
             double(graph.tensors()[static_cast<std::size_t>(op.output)].size);
    return n;
}

int Calibration::libmFunctions(const CGraph& graph) {
    int used = 0;
    for (const CGraph::Op& op : graph.ops()) {
        if (op.kernel == "layer_norm") used |= kSqrtf;
        switch (op.act) {
            case Act::Elu:
            case Act::Selu:
            case Act::Swish:
            case Act::Sigmoid:
            case Act::Softmax:
                used |= kExpf;
                break;
            case Act::Gelu:
                used |= kErff;
                break;
            case Act::Tanh:
                used |= kTanhf;
                break;
            default:
                break;
        }
    }
    return used;
}

long long Calibration::codeBytes(const CGraph& graph) {
    std::map<std::string, int> calls;
    std::map<std::string, std::set<Act>> applies;  // per kernel: the activations it applies
    std::map<std::string, bool> narrow;            // per kernel called once: under 4 outputs
    std::set<Act> activations;
    for (const CGraph::Op& op : graph.ops()) {
        const std::string kernel = costed(op);
        ++calls[kernel];
        narrow[kernel] = outputWidth(op) < 4;
        if (!CKernels::takesActivation(op.kernel)) continue;
        activations.insert(op.act);
        if (op.act != Act::Linear) applies[kernel].insert(op.act);
    }
    double bytes = calibration::kPredictCodeBytes;
    for (const auto& [kernel, n] : calls)
        if (const calibration::CodeCost* c = find(calibration::kCodeBytes, kernel)) {
            if (n == 1) {
                bytes += narrow[kernel] ? c->firstNarrow : c->first;
                continue;
            }
            // A generic body holds the loops of the activations its calls apply.
            bytes += c->generic + c->perCall * double(n);
            for (Act act : applies[kernel]) bytes += activation(act).codeBytes;
        }
    for (Act act : activations) bytes += activation(act).codeBytes;
    // libm's functions share helpers (erff calls expf's core): the table holds every subset.
    bytes += calibration::kLibmCodeBytes[libmFunctions(graph)];
    return static_cast<long long>(bytes);
}

std::string Calibration::method() {
    return std::string(
               "instruction counts of the exported C kernels on an emulated Cortex-M4 "
               "(QEMU mps2-an386, -icount shift=0, SysTick), taken as cycles (") +
           calibration::kMeasured + ")";
}

}  // namespace byom
