#include "core/train/inferenceplan.h"

#include <algorithm>
#include <exception>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/train/threadcount.h"
#include "core/util/error.h"

namespace byom {

namespace {

// One core's L2 (2 MiB here; 1-2 MiB on most current x86 and Arm cores) for a chunk's input
// and activations; the layers' scratch (pre-activations, im2col columns) counts as much again
// as their outputs.
constexpr Index kChunkBytes = Index(2) << 20;

}  // namespace

Index InferencePlan::cacheChunk(const Model<float>& model) {
    Index perSample = model.inputShape().size();
    for (std::size_t i = 0; i < model.layerCount(); ++i)
        perSample += 2 * model.layer(i).activationSize();
    const Index fit = kChunkBytes / Index(sizeof(float)) / std::max<Index>(1, perSample);
    return std::clamp<Index>(fit, 1, 256);
}

InferencePlan::InferencePlan(const Model<float>& model, int threads, Index chunk)
    : m_inputs(model.inputShape().size()), m_outputs(model.outputShape().size()) {
#ifdef _OPENMP
    const int n = std::max(1, threads > 0 ? threads : ThreadCount::get());
#else
    (void)threads;
    const int n = 1;
#endif
    for (int t = 0; t < n; ++t) {
        m_workers.push_back(model.clone());
        m_workers.back()->prepareInference();
    }
    m_parts.resize(m_workers.size());
    m_chunk = chunk > 0 ? chunk : cacheChunk(*m_workers.front());
}

Mat<float> InferencePlan::run(const Mat<float>& x) {
    Mat<float> out;
    run(x, out);
    return out;
}

void InferencePlan::run(const Mat<float>& x, Mat<float>& out) {
    if (x.rows() != m_inputs)
        throw Error("the model takes " + std::to_string(m_inputs) +
                    " values per sample; the input has " + std::to_string(x.rows()));
    const Index samples = x.cols();
    out.resize(m_outputs, samples);
    if (samples == 0) return;
    // As few chunks as hold at most chunk() samples each, but one per thread when the batch
    // has that many samples, of equal sizes.
    const auto threads = static_cast<Index>(m_workers.size());
    const Index parts = std::min(samples, std::max((samples + m_chunk - 1) / m_chunk, threads));
    const Index chunk = (samples + parts - 1) / parts;
    const Index chunks = (samples + chunk - 1) / chunk;
    // Every chunk runs the same number of samples, so that no buffer is ever resized (a resize
    // is a free and a malloc, and a fresh block is page faults): the last one ends at the last
    // sample, overlapping the one before it, and keeps only the outputs of its own samples.
    const auto runChunk = [&](Index k, std::size_t worker) {
        const Index first = k * chunk;
        const Index start = std::min(first, samples - chunk);
        const Index own = std::min(chunk, samples - first);
        Model<float>& model = *m_workers[worker];
        if (chunk == samples) {
            out = model.forward(x, false);
            return;
        }
        Mat<float>& part = m_parts[worker];
        part = x.middleCols(start, chunk);
        out.middleCols(first, own) = model.forward(part, false).middleCols(first - start, own);
    };
    const int parallel = static_cast<int>(std::min(threads, chunks));
    if (parallel <= 1) {
        for (Index k = 0; k < chunks; ++k) runChunk(k, 0);
        return;
    }
#ifdef _OPENMP
    std::exception_ptr failure;
#pragma omp parallel for num_threads(parallel) schedule(dynamic, 1)
    for (Index k = 0; k < chunks; ++k) {
        try {
            runChunk(k, static_cast<std::size_t>(omp_get_thread_num()));
        } catch (...) {
#pragma omp critical(byom_inference_plan)
            failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
#endif
}

}  // namespace byom
