#include "core/io/export/pytorchexporter.h"
#include "core/layers/squeezeexcite.h"

#include <sstream>

#include "core/io/export/exportutil.h"
#include "core/io/export/kindtable.h"
#include "core/io/export/pytorchtemplate.h"
#include "core/util/base64.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

namespace {

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    std::string t = s.str();
    if (t.find_first_of(".eEn") == std::string::npos) t += ".0";
    return t;
}

std::string pyBool(bool b) {
    return b ? "True" : "False";
}

/// The PyTorch module of an activation, with its constants written out (Keras 3 conventions:
/// LeakyReLU 0.2, ELU 1.0, exact GELU, softmax over the last axis).
std::string actModule(Act act, double alpha) {
    switch (act) {
        case Act::Linear:
            return "nn.Identity()";
        case Act::Relu:
            return "nn.ReLU()";
        case Act::Relu6:
            return "nn.ReLU6()";
        case Act::LeakyRelu:
            return "nn.LeakyReLU(negative_slope=" + num(alpha) + ")";
        case Act::Elu:
            return "nn.ELU(alpha=" + num(alpha) + ")";
        case Act::Selu:
            return "nn.SELU()";
        case Act::Gelu:
            return "nn.GELU(approximate=\"none\")";
        case Act::Swish:
            return "nn.SiLU()";
        case Act::HardSwish:
            return "nn.Hardswish()";
        case Act::Sigmoid:
            return "nn.Sigmoid()";
        case Act::HardSigmoid:
            return "nn.Hardsigmoid()";
        case Act::Tanh:
            return "nn.Tanh()";
        case Act::Softmax:
            return "nn.Softmax(dim=-1)";
    }
    return "nn.Identity()";
}

/// Generates module expressions and the state_dict entries of their weights.
class Writer {
public:
    explicit Writer(bool weights) : m_weights(weights) {}

    std::vector<std::string> sequence(const std::vector<ExportLayer>& layers,
                                      const std::string& prefix, bool dropLastActivation = false) {
        std::vector<std::string> mods;
        for (std::size_t i = 0; i < layers.size(); ++i)
            layer(layers[i], prefix, mods, dropLastActivation && i + 1 == layers.size());
        return mods;
    }

    static std::string seqExpr(const std::vector<std::string>& mods, const std::string& indent) {
        std::string s = "nn.Sequential(\n";
        for (const std::string& m : mods) s += indent + "    " + m + ",\n";
        return s + indent + ")";
    }

    std::string weightsPy() const { return m_weightsPy; }

private:
    void weight(const std::string& key, const std::vector<Index>& shape,
                const std::vector<float>& data) {
        if (!m_weights) return;
        m_weightsPy += "    \"" + key + "\": (" + json(shape).dump() + ", \"" +
                       base64Encode(data.data(), data.size() * sizeof(float)) + "\"),\n";
    }

    std::string path(const std::string& prefix, std::size_t index) const {
        return prefix + "." + std::to_string(index);
    }

    void linear(const std::string& p, const ExportTensor* k, const ExportTensor* b) {
        if (!k) return;
        weight(p + ".weight", {k->shape[1], k->shape[0]},
               transposed(k->data, k->shape[0], k->shape[1]));
        if (b) weight(p + ".bias", b->shape, b->data);
    }

    const ExportTensor* opt(const ExportLayer& l, const std::string& key) const {
        return l.hasTensor(key) ? &l.tensor(key) : nullptr;
    }

    static std::string conv(Index cin, Index cout, const ExportWindow& w, Index groups, bool bias) {
        return "ConvCL(" + std::to_string(cin) + ", " + std::to_string(cout) + ", " +
               std::to_string(w.kernel) + ", stride=" + std::to_string(w.stride) +
               ", dilation=" + std::to_string(w.dilation) +
               ", pad_left=" + std::to_string(w.padLeft) +
               ", pad_right=" + std::to_string(w.padRight) + ", groups=" + std::to_string(groups) +
               ", bias=" + pyBool(bias) + ")";
    }

    /// Keras (k, C, F) -> PyTorch [F, C, k]; a depthwise (k, C, M) -> [C*M, 1, k] is the same
    /// permutation with C*M outputs and one input per group.
    static std::vector<float> convWeight(const ExportTensor& t, bool depthwise) {
        const Index k = t.shape[0], c = t.shape[1], f = t.shape[2];
        std::vector<float> w(t.data.size());
        for (Index j = 0; j < k; ++j)
            for (Index ci = 0; ci < c; ++ci)
                for (Index fi = 0; fi < f; ++fi) {
                    const Index dst = depthwise ? ((ci * f + fi) * k + j) : ((fi * c + ci) * k + j);
                    w[static_cast<std::size_t>(dst)] =
                        t.data[static_cast<std::size_t>((j * c + ci) * f + fi)];
                }
        return w;
    }

    using Mods = std::vector<std::string>;
    /// Appends the modules of layer `l` to `mods`; `p` is the state_dict path of the first,
    /// `dropAct` leaves out the activation (the model's output activation, applied apart).
    using Emit = void (Writer::*)(const ExportLayer& l, const std::string& p, Mods& mods,
                                  bool dropAct);

    void layer(const ExportLayer& l, const std::string& prefix, Mods& mods, bool dropAct) {
        (this->*kinds().emitter(l, "pytorch"))(l, path(prefix, mods.size()), mods, dropAct);
    }

public:
    /// What the PyTorch format does with each layer kind.
    static const KindTable<Emit>& kinds() {
        using Table = KindTable<Emit>;
        static const Table table({
            Table::emits("dense", &Writer::dense),
            Table::emits("conv1d", &Writer::conv1d),
            Table::emits("depthwise_conv1d", &Writer::conv1d),
            Table::emits("separable_conv1d", &Writer::separableConv1d),
            Table::emits("activation", &Writer::activation),
            Table::emits("max_pool1d", &Writer::pool),
            Table::emits("avg_pool1d", &Writer::pool),
            Table::emits("global_avg_pool1d", &Writer::globalPool),
            Table::emits("global_max_pool1d", &Writer::globalPool),
            Table::emits("batch_norm", &Writer::batchNorm),
            Table::emits("layer_norm", &Writer::layerNorm),
            Table::emits("dropout", &Writer::dropout),
            Table::emits("flatten", &Writer::flatten),
            Table::emits("reshape", &Writer::reshape),
            Table::emits("upsampling1d", &Writer::upsampling1d),
            Table::emits("residual", &Writer::residual),
            Table::emits("squeeze_excite", &Writer::squeezeExcite),
            Table::emits("concat_skip", &Writer::concatSkip),
            Table::emits("branch_sum", &Writer::branchSum),
            Table::emits("architecture", &Writer::architecture),
        });
        return table;
    }

private:
    static bool useBias(const ExportLayer& l) { return l.spec.params.value("use_bias", true); }

    /// The layer's activation module unless it is linear or left out.
    static void pushActivation(const ExportLayer& l, Mods& mods, bool dropAct) {
        if (!dropAct && l.activation.act != Act::Linear)
            mods.push_back(actModule(l.activation.act, l.activation.alpha));
    }

    void dense(const ExportLayer& l, const std::string& p, Mods& mods, bool dropAct) {
        mods.push_back("nn.Linear(" + std::to_string(l.input[0]) + ", " +
                       std::to_string(l.output[0]) + ", bias=" + pyBool(useBias(l)) + ")");
        linear(p, opt(l, "kernel"), opt(l, "bias"));
        pushActivation(l, mods, dropAct);
    }

    /// conv1d and depthwise_conv1d.
    void conv1d(const ExportLayer& l, const std::string& p, Mods& mods, bool dropAct) {
        const bool dw = l.kind() == "depthwise_conv1d";
        const Index c = l.input[1];
        mods.push_back(conv(c, l.output[1], l.window, dw ? c : 1, useBias(l)));
        if (const ExportTensor* t = opt(l, "kernel"))
            weight(p + ".conv.weight", {l.output[1], dw ? 1 : c, t->shape[0]}, convWeight(*t, dw));
        if (const ExportTensor* b = opt(l, "bias")) weight(p + ".conv.bias", b->shape, b->data);
        pushActivation(l, mods, dropAct);
    }

    void separableConv1d(const ExportLayer& l, const std::string& p, Mods& mods, bool dropAct) {
        const Index c = l.input[1], m = l.param("depth_multiplier").get<Index>(), f = l.output[1];
        mods.push_back("nn.Sequential(" + conv(c, c * m, l.window, c, false) + ", " +
                       conv(c * m, f, ExportWindow{}, 1, useBias(l)) + ")");
        if (const ExportTensor* t = opt(l, "depthwise_kernel"))
            weight(p + ".0.conv.weight", {c * m, 1, t->shape[0]}, convWeight(*t, true));
        if (const ExportTensor* t = opt(l, "pointwise_kernel"))
            weight(p + ".1.conv.weight", {f, c * m, 1}, transposed(t->data, c * m, f));
        if (const ExportTensor* b = opt(l, "bias")) weight(p + ".1.conv.bias", b->shape, b->data);
        pushActivation(l, mods, dropAct);
    }

    /// max_pool1d and avg_pool1d.
    void pool(const ExportLayer& l, const std::string&, Mods& mods, bool) {
        const ExportWindow& w = l.window;
        mods.push_back(std::string("PoolCL(\"") + (l.kind() == "max_pool1d" ? "max" : "avg") +
                       "\", " + std::to_string(w.kernel) + ", " + std::to_string(w.stride) + ", " +
                       std::to_string(w.padLeft) + ", " + std::to_string(w.padRight) + ")");
    }

    /// global_avg_pool1d and global_max_pool1d.
    void globalPool(const ExportLayer& l, const std::string&, Mods& mods, bool) {
        mods.push_back(l.kind() == "global_avg_pool1d" ? "GlobalPoolCL(\"avg\")"
                                                       : "GlobalPoolCL(\"max\")");
    }

    void batchNorm(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        const Index c = l.input.dims.back();
        // PyTorch's momentum weighs the new batch: 1 - Keras's momentum.
        mods.push_back("BatchNormCL(" + std::to_string(c) +
                       ", eps=" + num(l.param("epsilon").get<double>()) +
                       ", momentum=" + num(1.0 - l.param("momentum").get<double>()) + ")");
        if (l.hasTensor("gamma")) {
            weight(p + ".bn.weight", {c}, l.tensor("gamma").data);
            weight(p + ".bn.bias", {c}, l.tensor("beta").data);
            weight(p + ".bn.running_mean", {c}, l.tensor("moving_mean").data);
            weight(p + ".bn.running_var", {c}, l.tensor("moving_variance").data);
        }
    }

    void layerNorm(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        if (l.param("axis") == "time")
            throw Error("pytorch: cannot export " + l.describe() +
                        ": layer_norm over time (HeartKit's LayerNormalization(axis=(1, 2))) has "
                        "no PyTorch translation yet; use norm batch");
        const Index c = l.input.dims.back();
        mods.push_back("nn.LayerNorm(" + std::to_string(c) +
                       ", eps=" + num(l.param("epsilon").get<double>()) + ")");
        if (l.hasTensor("gamma")) {
            weight(p + ".weight", {c}, l.tensor("gamma").data);
            weight(p + ".bias", {c}, l.tensor("beta").data);
        }
    }

    void dropout(const ExportLayer& l, const std::string&, Mods& mods, bool) {
        const std::string rate = num(l.param("rate").get<double>());
        if (l.spec.params.value("per_sample", false))
            mods.push_back("DropoutCL(" + rate + ", \"sample\")");
        else if (l.spec.params.value("spatial", false) && l.input.rank() == 2)
            mods.push_back("DropoutCL(" + rate + ", \"channel\")");
        else
            mods.push_back("nn.Dropout(p=" + rate + ")");
    }

    void flatten(const ExportLayer&, const std::string&, Mods& mods, bool) {
        mods.push_back("nn.Flatten()");
    }

    void reshape(const ExportLayer& l, const std::string&, Mods& mods, bool) {
        mods.push_back("Reshape(" + json(l.output.dims).dump() + ")");
    }

    void upsampling1d(const ExportLayer& l, const std::string&, Mods& mods, bool) {
        mods.push_back("UpSampleCL(" + std::to_string(l.param("size").get<Index>()) + ")");
    }

    void activation(const ExportLayer& l, const std::string&, Mods& mods, bool dropAct) {
        mods.push_back(dropAct ? "nn.Identity()" : actModule(l.activation.act, l.activation.alpha));
    }

    void architecture(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        mods.push_back(seqExpr(sequence(l.children, p), "        "));
    }

    void residual(const ExportLayer& l, const std::string& p, Mods& mods, bool dropAct) {
        const std::string inner = seqExpr(sequence(l.children, p + ".inner"), "        ");
        std::string proj = "None";
        if (l.projected && l.input.rank() == 1) {
            proj = "nn.Linear(" + std::to_string(l.input[0]) + ", " + std::to_string(l.output[0]) +
                   ")";
            linear(p + ".projection", opt(l, "projection.kernel"), opt(l, "projection.bias"));
        } else if (l.projected) {
            proj = conv(l.input[1], l.output[1], l.projection, 1, true);
            if (const ExportTensor* t = opt(l, "projection.kernel"))
                weight(p + ".projection.conv.weight", {l.output[1], l.input[1], 1},
                       transposed(t->data, l.input[1], l.output[1]));
            if (const ExportTensor* b = opt(l, "projection.bias"))
                weight(p + ".projection.conv.bias", b->shape, b->data);
        }
        mods.push_back(
            "Residual(" + inner + ", " + proj + ", " +
            (dropAct ? "nn.Identity()" : actModule(l.activation.act, l.activation.alpha)) + ")");
    }

    void concatSkip(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        mods.push_back("ConcatSkip(" + seqExpr(sequence(l.children, p + ".inner"), "        ") +
                       ")");
    }

    void branchSum(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        std::string m = "BranchSum(";
        const std::vector<std::vector<ExportLayer>> copies = l.copies();
        for (std::size_t i = 0; i < copies.size(); ++i)
            m += (i ? ", " : "") +
                 seqExpr(sequence(copies[i], p + ".branches." + std::to_string(i)), "        ");
        mods.push_back(m + ")");
    }

    void squeezeExcite(const ExportLayer& l, const std::string& p, Mods& mods, bool) {
        const Index c = l.input[1];
        const Index r = squeezeUnits(c, l.param("ratio").get<double>());
        const auto act = [&](const char* key) {
            return actModule(parseActivation(l.param(key).get<std::string>()), 0.2);
        };
        mods.push_back("SqueezeExcite(" + std::to_string(c) + ", " + std::to_string(r) + ", " +
                       act("squeeze_activation") + ", " + act("excite_activation") + ")");
        linear(p + ".squeeze", opt(l, "squeeze.kernel"), opt(l, "squeeze.bias"));
        linear(p + ".excite", opt(l, "excite.kernel"), opt(l, "excite.bias"));
    }

    bool m_weights;
    std::string m_weightsPy;
};

std::string floats(const std::vector<double>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + num(v[i]);
    return s + "]";
}

}  // namespace

std::string PytorchExporter::toPython(const ExportModel& model) {
    Writer::kinds().check(model.layers(), "pytorch");
    const ExportLayer& last = model.layers().back();
    const ExportActivation outAct = last.activation;
    Writer w(model.hasWeights());
    const std::vector<std::string> mods = w.sequence(model.layers(), "layers", true);
    std::string outKind = "linear";
    if (outAct.act == Act::Softmax)
        outKind = "softmax";
    else if (outAct.act == Act::Sigmoid)
        outKind = "sigmoid";
    else if (outAct.act != Act::Linear)
        outKind = "other";

    std::string py =
        "#!/usr/bin/env python3\n\"\"\"" + model.name() +
        ": a model exported by byom " BYOM_VERSION
        " (BYOM Studio) as standalone PyTorch.\n\n"
        "Inputs are raw, channels-last samples of shape INPUT_SHAPE (as for `byom predict`); the\n"
        "normalisation fitted in training is the model's first step. Outputs are the\n"
        "probabilities (or values, in the target's units) after the output activation.\n\n"
        "  python3 model.py predict --input X.npy|X.csv [--out preds.csv|preds.npy]\n"
        "  python3 model.py train --data X.npy,Y.npy|data.csv [--label COL] [--epochs 20]\n"
        "          [--batch-size 32] [--lr 0.001] [--out weights.pt]\n"
        "  torchrun --nproc_per_node=4 model.py train ...     (DistributedDataParallel, gloo)\n"
        "  (Debian 12's torch 1.13 on Python 3.11: add --redirects 1 --tee 1 to torchrun; its\n"
        "  default '0' for them fails to parse there)\n\n"
        "Keras conventions are kept: BatchNorm momentum 0.99 / eps 1e-3 (PyTorch momentum 0.01),\n"
        "LayerNorm eps 1e-3, LeakyReLU 0.2, exact GELU, 'same' padding as TensorFlow pads.\n"
        "Weights: embedded below (WEIGHTS, base64 little-endian float32, state_dict keys), or\n"
        "Keras-style fresh initialisation when the file was exported from an architecture.\n"
        "\"\"\"\n";
    py += pytorchPrelude();
    py += "\nINPUT_SHAPE = " + json(model.inputShape().dims).dump() + "\n";
    py += "OUTPUT_SHAPE = " + json(model.outputShape().dims).dump() + "\n";
    py += std::string("TASK = \"") + (model.isClassifier() ? "classification" : "regression") +
          "\"\n";
    py += "CLASS_NAMES = " + json(model.classNames()).dump() + "\n";
    py +=
        "NORM_CENTER = " + (model.hasNormalization() ? floats(model.normCenter()) : "None") + "\n";
    py += "NORM_SCALE = " + (model.hasNormalization() ? floats(model.normScale()) : "None") + "\n";
    py += "TARGET_CENTER = " + (model.hasTargetScaling() ? floats(model.targetCenter()) : "None") +
          "\n";
    py += "TARGET_SCALE = " + (model.hasTargetScaling() ? floats(model.targetScale()) : "None") +
          "\n";
    py += "OUTPUT_KIND = \"" + outKind + "\"\n\n\n";
    py += "def build_layers():\n    return " + Writer::seqExpr(mods, "    ") + "\n\n\n";
    py += "def build_output_activation():\n    return " + actModule(outAct.act, outAct.alpha) +
          "\n\n\n";
    py += "WEIGHTS = {\n" + w.weightsPy() + "}\n";
    py += pytorchMain();
    return py;
}

KindSupport PytorchExporter::supports(const std::string& kind) const {
    return Writer::kinds().supports(kind);
}

void PytorchExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeFileAtomic(outPath, toPython(model));
}

}  // namespace byom
