#include "core/util/sgemm.h"

#ifdef BYOM_DNNL
#include <oneapi/dnnl/dnnl.h>

#include "core/util/error.h"
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

namespace byom {

bool Sgemm::usesDnnl() {
#ifdef BYOM_DNNL
    return true;
#else
    return false;
#endif
}

void Sgemm::product(const Eigen::Ref<const Mat<float>>& w, const Eigen::Ref<const Mat<float>>& x,
                    Mat<float>& out) {
    out.resize(w.rows(), x.cols());
#ifdef BYOM_DNNL
    if (x.cols() >= kMinColumns && w.size() > 0) {
        // Column-major out (m x n) = w (m x k) x (k x n) is row-major out^T = x^T w^T:
        // oneDNN's row-major SGEMM with A = x^T (n x k, lda k) and B = w^T (k x m, ldb m).
        const auto m = static_cast<dnnl_dim_t>(w.rows());
        const auto k = static_cast<dnnl_dim_t>(w.cols());
        const auto n = static_cast<dnnl_dim_t>(x.cols());
#ifdef _OPENMP
        // oneDNN takes omp_get_max_threads(): the engine's count, 1 inside a parallel region.
        const int previous = omp_get_max_threads();
        omp_set_num_threads(omp_in_parallel() ? 1 : Eigen::nbThreads());
#endif
        const dnnl_status_t status = dnnl_sgemm('N', 'N', n, m, k, 1.0f, x.data(), x.outerStride(),
                                                w.data(), w.outerStride(), 0.0f, out.data(), m);
#ifdef _OPENMP
        omp_set_num_threads(previous);
#endif
        if (status != dnnl_success)
            throw Error("oneDNN's SGEMM failed (status " + std::to_string(int(status)) + ")");
        return;
    }
#endif
    out.noalias() = w * x;
}

}  // namespace byom
