// guibench: how responsive the window stays while it trains, and what the GUI costs in
// training speed. The main window trains the example stack on a large data set while a 10 ms
// timer on the GUI thread records how late each tick fires (event-loop latency); then the same
// project is trained by `byom train`, and the samples/s of both runs (epoch times from their
// manifests) are compared. Runs alternate GUI, CLI, GUI, CLI, ... and the medians are printed.
//
// Usage: guibench --cli PATH/byom [--data SPEC] [--epochs N] [--repeats N] [--json]
// Run it with QT_QPA_PLATFORM=offscreen, or under Xvfb to include real drawing.

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

#include "core/train/history.h"
#include "core/util/fileio.h"
#include "ui/document.h"
#include "ui/training/trainingcontroller.h"
#include "ui/window/mainwindow.h"

using namespace byom;
using namespace byom::ui;

namespace {

struct Options {
    QString cli;
    std::string data = "synthetic:spirals?n=100000&classes=3&noise=0.05&seed=1";
    int epochs = 40;
    int repeats = 5;
    bool json = false;
};

Options parse(const QStringList& args) {
    Options o;
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        auto next = [&]() -> QString {
            if (i + 1 >= args.size()) {
                std::cerr << "guibench: " << a.toStdString() << " needs a value\n";
                std::exit(2);
            }
            return args[++i];
        };
        if (a == QStringLiteral("--cli"))
            o.cli = next();
        else if (a == QStringLiteral("--data"))
            o.data = next().toStdString();
        else if (a == QStringLiteral("--epochs"))
            o.epochs = next().toInt();
        else if (a == QStringLiteral("--repeats"))
            o.repeats = next().toInt();
        else if (a == QStringLiteral("--json"))
            o.json = true;
        else {
            std::cerr << "usage: guibench --cli PATH/byom [--data SPEC] [--epochs N] "
                         "[--repeats N] [--json]\n";
            std::exit(2);
        }
    }
    if (o.cli.isEmpty() || o.epochs < 1 || o.repeats < 1) {
        std::cerr << "guibench: give --cli PATH/byom (and positive --epochs, --repeats)\n";
        std::exit(2);
    }
    return o;
}

/// Training samples per second of a run: epochs x training rows over the summed epoch times.
double samplesPerSecond(const json& manifest, double trainRows) {
    const History h = History::fromJson(manifest.at("history"));
    double seconds = 0;
    for (const EpochRecord& e : h.epochs) seconds += e.seconds;
    return seconds > 0 ? trainRows * static_cast<double>(h.epochs.size()) / seconds : 0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct GuiRun {
    double samplesPerSecond = 0;
    double maxLateMs = 0;
    double p99LateMs = 0;
    int ticks = 0;
};

/// One run from the window, with a 10 ms timer measuring how late the event loop serves it.
GuiRun trainInWindow(MainWindow& w, double& trainRows) {
    constexpr int kIntervalMs = 10;
    std::vector<double> late;
    QElapsedTimer clock;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(kIntervalMs);
    qint64 last = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(std::max(0.0, static_cast<double>(now - last) / 1e6 - kIntervalMs));
        last = now;
    });
    QObject::connect(w.trainingController(), &TrainingController::started,
                     [&](int, qint64 rows) { trainRows = static_cast<double>(rows); });
    QSignalSpy finished(w.trainingController(), &TrainingController::finished);
    QSignalSpy failed(w.trainingController(), &TrainingController::failed);
    const std::size_t runsBefore = w.document()->project().runs.size();
    clock.start();
    tick.start();
    w.startTraining();
    while (finished.isEmpty() && failed.isEmpty())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    tick.stop();
    if (!failed.isEmpty() || w.document()->project().runs.size() != runsBefore + 1) {
        std::cerr << "guibench: the run failed: "
                  << (failed.isEmpty() ? std::string("no run kept")
                                       : failed.first().first().toString().toStdString())
                  << "\n";
        std::exit(1);
    }
    GuiRun r;
    r.samplesPerSecond = samplesPerSecond(w.document()->project().runs.back().manifest, trainRows);
    // The first tick waits for the training thread to start; judge the ticks during the run.
    if (!late.empty()) late.erase(late.begin());
    r.ticks = static_cast<int>(late.size());
    r.maxLateMs = late.empty() ? 0 : *std::max_element(late.begin(), late.end());
    r.p99LateMs = late.empty() ? 0 : percentile(late, 0.99);
    return r;
}

/// The same project trained by `byom train`; samples/s from its manifest.
double trainWithCli(const Options& o, const QString& project, const QString& out,
                    double trainRows) {
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(o.cli, {QStringLiteral("train"), QStringLiteral("--project"), project,
                    QStringLiteral("--out"), out});
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        std::cerr << "guibench: byom train failed\n";
        std::exit(1);
    }
    return samplesPerSecond(
        readJsonFile(QString(out + QStringLiteral("/manifest.json")).toStdString()), trainRows);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const Options o = parse(app.arguments());
    MainWindow w;
    w.prompter().warn = [](const QString& title, const QString& text) {
        std::cerr << "guibench: " << title.toStdString() << ": " << text.toStdString() << "\n";
    };
    w.show();
    Project p = w.document()->project();
    p.data = o.data;
    p.training.epochs = o.epochs;
    p.training.earlyStopping.enabled = false;
    w.document()->reset(p);
    QTemporaryDir dir;
    const QString projectPath = dir.filePath(QStringLiteral("bench.byom"));
    if (!w.saveTo(projectPath)) return 1;

    std::vector<double> gui, cli, maxLate, p99Late;
    int ticks = 0;
    double trainRows = 0;
    for (int i = 0; i < o.repeats; ++i) {
        const GuiRun g = trainInWindow(w, trainRows);
        gui.push_back(g.samplesPerSecond);
        maxLate.push_back(g.maxLateMs);
        p99Late.push_back(g.p99LateMs);
        ticks += g.ticks;
        cli.push_back(
            trainWithCli(o, projectPath, dir.filePath(QStringLiteral("cli%1").arg(i)), trainRows));
    }
    const double worstLate = *std::max_element(maxLate.begin(), maxLate.end());
    const json result = {{"data", o.data},
                         {"train_rows", trainRows},
                         {"epochs", o.epochs},
                         {"repeats", o.repeats},
                         {"gui_samples_per_s", median(gui)},
                         {"cli_samples_per_s", median(cli)},
                         {"gui_vs_cli", median(gui) / median(cli)},
                         {"timer_ticks", ticks},
                         {"max_late_ms", worstLate},
                         {"p99_late_ms", median(p99Late)}};
    if (o.json) {
        std::cout << result.dump(2) << "\n";
    } else {
        std::printf("%s, %.0f training rows, %d epochs, %d runs each\n", o.data.c_str(), trainRows,
                    o.epochs, o.repeats);
        std::printf("samples/s  window %.0f  byom train %.0f  ratio %.3f\n", median(gui),
                    median(cli), median(gui) / median(cli));
        std::printf("event loop: %d ticks of 10 ms, late by at most %.1f ms (p99 %.1f ms)\n", ticks,
                    worstLate, median(p99Late));
    }
    return 0;
}
