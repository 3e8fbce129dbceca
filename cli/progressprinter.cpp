#include "cli/progressprinter.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/util/strings.h"

namespace byom {

namespace {

std::string duration(double seconds) {
    char buf[32];
    const long s = std::lround(seconds);
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::ostream& out, bool terminal)
    : m_out(out), m_terminal(terminal), m_start(std::chrono::steady_clock::now()), m_lastDraw() {}

void ProgressPrinter::onBatchEnd(const BatchEvent& e) {
    if (!m_terminal) return;
    const auto now = std::chrono::steady_clock::now();
    if (e.batch != e.batches && now - m_lastDraw < std::chrono::milliseconds(100)) return;
    m_lastDraw = now;
    const double done = (double(e.epoch - 1) + double(e.batch) / e.batches) / e.epochs;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = done > 0 ? elapsed * (1.0 - done) / done : 0.0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(done * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    char line[160];
    std::snprintf(line, sizeof line, "\r[%s] epoch %d/%d  batch %d/%d  loss %.4f  ETA %s   ",
                  bar.c_str(), e.epoch, e.epochs, e.batch, e.batches, e.loss,
                  duration(eta).c_str());
    m_out << line << std::flush;
}

void ProgressPrinter::onEpochEnd(const EpochRecord& r, int epochs) {
    char line[200];
    int n = std::snprintf(line, sizeof line, "epoch %d/%d  loss %.4f", r.epoch, epochs, r.loss);
    if (!std::isnan(r.accuracy))
        n += std::snprintf(line + n, sizeof line - n, "  accuracy %.4f", r.accuracy);
    if (!std::isnan(r.valLoss))
        n += std::snprintf(line + n, sizeof line - n, "  val_loss %.4f", r.valLoss);
    if (!std::isnan(r.valAccuracy))
        n += std::snprintf(line + n, sizeof line - n, "  val_accuracy %.4f", r.valAccuracy);
    std::snprintf(line + n, sizeof line - n, "  (%s)", formatDuration(r.seconds).c_str());
    if (m_terminal) m_out << "\r\033[K";
    m_out << line << "\n" << std::flush;
}

}  // namespace byom
