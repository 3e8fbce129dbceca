#include "core/train/decisiongrid.h"

#include "core/util/error.h"

namespace byom {

DecisionGrid computeDecisionGrid(Model<float>& model, const Mat<float>& x, int resolution) {
    if (model.inputShape().size() != 2 || x.rows() != 2)
        throw Error("a decision boundary needs a model with exactly two input features");
    if (resolution < 2 || resolution > 1024) throw Error("grid resolution must be 2..1024");
    DecisionGrid g;
    g.resolution = resolution;
    if (x.cols() > 0) {
        const double pad0 = 0.1 * std::max(1e-6f, x.row(0).maxCoeff() - x.row(0).minCoeff());
        const double pad1 = 0.1 * std::max(1e-6f, x.row(1).maxCoeff() - x.row(1).minCoeff());
        g.xMin = x.row(0).minCoeff() - pad0;
        g.xMax = x.row(0).maxCoeff() + pad0;
        g.yMin = x.row(1).minCoeff() - pad1;
        g.yMax = x.row(1).maxCoeff() + pad1;
    }
    const Index n = Index(resolution) * resolution;
    Mat<float> points(2, n);
    for (int r = 0; r < resolution; ++r)
        for (int c = 0; c < resolution; ++c) {
            const Index i = Index(r) * resolution + c;
            points(0, i) = static_cast<float>(g.xMin + (g.xMax - g.xMin) * (c + 0.5) / resolution);
            points(1, i) = static_cast<float>(g.yMin + (g.yMax - g.yMin) * (r + 0.5) / resolution);
        }
    const Mat<float>& out = model.forward(points, false);
    g.classes.resize(static_cast<std::size_t>(n));
    g.confidence.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
        Index best = 0;
        const float p = out.col(i).maxCoeff(&best);
        g.classes[i] = static_cast<int>(best);
        g.confidence[i] = out.rows() == 1 ? 1.0f : p;
    }
    return g;
}

}  // namespace byom
