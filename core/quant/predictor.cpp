#include "core/quant/predictor.h"

#include "core/data/normalizer.h"
#include "core/quant/qengine.h"
#include "core/train/evaluation.h"
#include "core/util/error.h"

namespace byom {

Mat<float> Predictor::floatOutputs(const TrainedModel& m, const Mat<float>& raw,
                                   const std::string& where) {
    if (raw.rows() != m.model->inputShape().size())
        throw Error("the data's samples hold " + std::to_string(raw.rows()) +
                    " values but the model takes " + m.model->inputShape().toString());
    Mat<float> x = raw;
    if (!m.normalization.is_null())
        Normalizer::fromJson(m.normalization, where + ": normalization").apply(x);
    Mat<float> out = predictAll(*m.model, x);
    if (!m.targetNormalization.is_null())
        Normalizer::fromTargetJson(m.targetNormalization, where + ": target_normalization")
            .invert(out);
    return out;
}

Mat<float> Predictor::outputs(const TrainedModel& m, const Mat<float>& raw,
                              const std::string& where) {
    if (!m.quantized) return floatOutputs(m, raw, where);
    return QEngine::run(*m.quantized, raw);
}

}  // namespace byom
