#include "core/train/loss.h"

#include <cmath>

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

template <typename T>
T sampleWeight(const Vec<T>* w, Index i) {
    return w ? (*w)(i) : T(1);
}

/// Softmax cross-entropy from logits; targets are one-hot (or soft) distributions per column.
template <typename T>
class CategoricalCrossentropy : public Loss<T> {
public:
    std::string name() const override { return "categorical_crossentropy"; }
    bool classification() const override { return true; }
    void checkOutput(Act outAct, Index outputs) const override {
        if (outAct != Act::Softmax && outAct != Act::Linear)
            throw Error("categorical_crossentropy needs a softmax (or linear) output layer, got " +
                        activationName(outAct));
        if (outputs < 2) throw Error("categorical_crossentropy needs at least 2 outputs");
    }
    T compute(const Mat<T>& logits, const Mat<T>&, Act, const Mat<T>& target, Mat<T>& grad,
              const Vec<T>* w) override {
        const Index n = logits.cols();
        grad.resize(logits.rows(), n);
        double total = 0.0;
        for (Index j = 0; j < n; ++j) {
            const auto z = logits.col(j);
            const T m = z.maxCoeff();
            auto g = grad.col(j);
            g = (z.array() - m).exp().matrix();
            const T sum = g.sum();
            const T lse = m + std::log(sum);
            g /= sum;
            const T wj = sampleWeight(w, j);
            total += static_cast<double>(wj * (target.col(j).sum() * lse - target.col(j).dot(z)));
            g = (g * target.col(j).sum() - target.col(j)) * (wj / T(n));
        }
        return static_cast<T>(total / static_cast<double>(n));
    }
};

/// Mean squared error over all outputs (Keras: mean over the last axis, then over the batch).
template <typename T>
class MeanSquaredError : public Loss<T> {
public:
    std::string name() const override { return "mse"; }
    bool classification() const override { return false; }
    T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
              Mat<T>& grad, const Vec<T>* w) override {
        const Index n = output.cols();
        const Index k = output.rows();
        m_diff = output - target;
        double total = 0.0;
        for (Index j = 0; j < n; ++j) {
            const T wj = sampleWeight(w, j);
            total += static_cast<double>(wj * m_diff.col(j).squaredNorm());
            m_diff.col(j) *= T(2) * wj / T(n * k);
        }
        activationBackward(outAct, logits, output, m_diff, grad, k);
        return static_cast<T>(total / static_cast<double>(n * k));
    }

private:
    Mat<T> m_diff;
};

}  // namespace

template <typename T>
void Loss<T>::checkOutput(Act, Index) const {}

const std::vector<std::string>& lossNames() {
    static const std::vector<std::string> names = {"categorical_crossentropy", "mse"};
    return names;
}

template <typename T>
std::unique_ptr<Loss<T>> makeLoss(const std::string& name) {
    if (name == "categorical_crossentropy" || name == "sparse_categorical_crossentropy")
        return std::make_unique<CategoricalCrossentropy<T>>();
    if (name == "mse" || name == "mean_squared_error") return std::make_unique<MeanSquaredError<T>>();
    std::string msg = "unknown loss \"" + name + "\"";
    const std::string near = nearest(name, lossNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(lossNames(), ", ") + ")");
}

template class Loss<float>;
template class Loss<double>;
template std::unique_ptr<Loss<float>> makeLoss<float>(const std::string&);
template std::unique_ptr<Loss<double>> makeLoss<double>(const std::string&);

}  // namespace byom
