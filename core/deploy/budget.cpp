#include "core/deploy/budget.h"

#include <cstdio>

#include "core/deploy/calibration.h"
#include "core/io/export/cint8source.h"
#include "core/io/export/clowering.h"

namespace byom {

namespace {

std::string bytes(long long b) {
    char buf[64];
    if (b >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.2f MB", double(b) / (1024.0 * 1024.0));
    else if (b >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f KB", double(b) / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%lld B", b);
    return buf;
}

std::string percent(long long used, long long budget) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * double(used) / double(budget));
    return buf;
}

std::string line(const char* what, long long used, long long budget) {
    const long long margin = budget - used;
    return std::string(what) + bytes(used) + " of " + bytes(budget) + " (" + percent(used, budget) +
           "), " + (margin >= 0 ? bytes(margin) + " to spare" : bytes(-margin) + " TOO MUCH") +
           "\n";
}

/// The entry of the layer `op` belongs to, added at the end when it is the layer's first op.
Budget::Layer& layerOf(std::vector<Budget::Layer>& layers, const CGraph::Op& op) {
    const std::string& name = op.layerName.empty() ? op.layer : op.layerName;
    for (Budget::Layer& l : layers)
        if (l.name == name) return l;
    layers.push_back({name, op.layerKind, 0, 0, 0.0});
    return layers.back();
}

}  // namespace

Budget Budget::of(const ExportModel& model, const Target& target) {
    const CGraph graph = CLowering::lower(model);
    const ArenaPlanner plan = graph.planArena();
    Budget b;
    b.target = target;
    b.macs = graph.macs();
    b.weightBytes = graph.weightBytes();
    b.codeBytes = Calibration::codeBytes(graph);
    b.arenaBytes = static_cast<long long>(plan.planned()) * 4;
    b.arenaNaiveBytes = static_cast<long long>(plan.naive()) * 4;
    b.inputBytes = static_cast<long long>(model.inputShape().size()) * 4;
    b.outputBytes = static_cast<long long>(model.outputShape().size()) * 4;
    for (const CGraph::Op& op : graph.ops()) {
        const double n = Calibration::instructions(graph, op);
        b.instructions += n;
        Layer& layer = layerOf(b.layers, op);
        layer.macs += op.macs;
        for (const std::vector<float>& w : op.weights)
            layer.weightBytes += static_cast<long long>(w.size() * sizeof(float));
        layer.instructions += n;
    }
    b.instructions += 5.0 * double(model.outputShape().size()) + 30.0;  // the copy, the call
    b.method = Calibration::method();
    if (model.trained() && model.trained()->quantized)
        int8Library(*model.trained()->quantized, graph, b);
    return b;
}

void Budget::int8Library(const QGraph& q, const CGraph& graph, Budget& b) {
    const CInt8Source::Memory m = CInt8Source::memory(q);
    b.macs = q.macs();
    b.arenaBytes = m.arenaBytes;
    b.arenaNaiveBytes = m.arenaNaiveBytes;
    b.codeBytes = Calibration::int8CodeBytes(q);
    b.weightBytes = 0;
    b.instructions = Calibration::int8Overhead(q);
    for (Layer& l : b.layers) {
        l.weightBytes = 0;
        l.instructions = 0.0;
    }
    for (std::size_t i = 0; i < q.ops.size(); ++i) {
        const QGraph::Op& op = q.ops[i];
        const double n = Calibration::int8Instructions(q, op, graph);
        b.weightBytes += m.opWeightBytes[i];
        b.instructions += n;
        const std::string& name = op.layerName.empty() ? op.layer : op.layerName;
        for (Layer& l : b.layers)
            if (l.name == name) {
                l.weightBytes += m.opWeightBytes[i];
                l.instructions += n;
            }
    }
    b.method +=
        "; an int8 model: weights, arena, code and latency are its int8 library's (the int8 "
        "kernels' instruction counts, measured the same way)";
}

json Budget::toJson() const {
    json perLayer = json::array();
    for (const Layer& l : layers)
        perLayer.push_back({{"name", l.name},
                            {"kind", l.kind},
                            {"macs", l.macs},
                            {"weights_bytes", l.weightBytes},
                            {"instructions_estimate", l.instructions}});
    return {{"target",
             {{"name", target.name},
              {"title", target.title},
              {"core", target.core},
              {"clock_hz", target.clockHz},
              {"flash_bytes", target.flashBytes},
              {"ram_bytes", target.ramBytes}}},
            {"macs", macs},
            {"flash",
             {{"weights_bytes", weightBytes},
              {"code_bytes_estimate", codeBytes},
              {"total_bytes", flashBytes()},
              {"margin_bytes", target.flashBytes - flashBytes()}}},
            {"ram",
             {{"arena_bytes", arenaBytes},
              {"arena_naive_bytes", arenaNaiveBytes},
              {"input_bytes", inputBytes},
              {"output_bytes", outputBytes},
              {"total_bytes", ramBytes()},
              {"margin_bytes", target.ramBytes - ramBytes()}}},
            {"latency_estimate",
             {{"instructions", instructions}, {"ms", latencyMs()}, {"method", method}}},
            {"fits", fits()},
            {"layers", perLayer}};
}

std::string Budget::toText() const {
    char buf[256];
    std::string s = "target  " + target.title + " (" + target.name + "), " + target.core + ", ";
    std::snprintf(buf, sizeof buf, "%.0f MHz\n", target.clockHz / 1e6);
    s += buf;
    s += "MACs    " + std::to_string(macs) + " per inference\n";
    s += line("flash   ", flashBytes(), target.flashBytes);
    s += "          weights " + bytes(weightBytes) + ", code about " + bytes(codeBytes) +
         " (estimate)\n";
    s += line("RAM     ", ramBytes(), target.ramBytes);
    s += "          arena " + bytes(arenaBytes) + " planned over tensor lifetimes (" +
         bytes(arenaNaiveBytes) + " unplanned), input " + bytes(inputBytes) + ", output " +
         bytes(outputBytes) + "\n";
    std::snprintf(buf, sizeof buf, "latency about %.3g ms (estimate: %.3g million instructions",
                  latencyMs(), instructions / 1e6);
    s += buf;
    s += " at one per cycle)\n          from " + method + "\n";
    s += fits() ? "fits    yes\n"
                : "fits    NO: " + std::string(flashBytes() > target.flashBytes ? "flash" : "RAM") +
                      " exceeds the target's\n";
    return s;
}

}  // namespace byom
