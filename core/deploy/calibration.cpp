#include "core/deploy/calibration.h"

#include <algorithm>
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

double activationCost(Act act) {
    const std::string name = activationName(act);
    for (const calibration::ActivationCost& a : calibration::kActivations)
        if (name == a.activation) return a.perValue;
    return 0.0;
}

}  // namespace

double Calibration::instructions(const CGraph& graph, const CGraph::Op& op) {
    const calibration::KernelCost* k = find(calibration::kKernels, op.kernel);
    // A kernel the table does not hold (channel_scale): a plain element-wise loop's cost.
    double n = k ? k->perCall + k->perStep * double(op.work) : 50.0 + 6.0 * double(op.work);
    // The activation runs over the op's output.
    if (CKernels::takesActivation(op.kernel) && op.act != Act::Linear)
        n += activationCost(op.act) *
             double(graph.tensors()[static_cast<std::size_t>(op.output)].size);
    return n;
}

long long Calibration::codeBytes(const CGraph& graph) {
    std::set<std::string> kernels;
    bool activate = false, math = false;
    for (const CGraph::Op& op : graph.ops()) {
        kernels.insert(op.kernel);
        activate = activate || CKernels::takesActivation(op.kernel);
        math = math || op.kernel == "layer_norm" ||
               (op.act != Act::Linear && op.act != Act::Relu && op.act != Act::Relu6 &&
                op.act != Act::LeakyRelu && op.act != Act::HardSwish && op.act != Act::HardSigmoid);
    }
    double bytes =
        calibration::kPredictCodeBytes + calibration::kCallCodeBytes * double(graph.ops().size());
    for (const std::string& k : kernels)
        if (const calibration::KernelCost* c = find(calibration::kCodeBytes, k))
            bytes += c->perCall;
    if (activate) bytes += calibration::kActivateCodeBytes;
    if (math) bytes += calibration::kMathCodeBytes;
    return static_cast<long long>(bytes);
}

std::string Calibration::method() {
    return std::string(
               "instruction counts of the exported C kernels on an emulated Cortex-M4 "
               "(QEMU mps2-an386, -icount shift=0, SysTick), taken as cycles (") +
           calibration::kMeasured + ")";
}

}  // namespace byom
