// editbench: what one property edit costs in the designer. A 200-layer stack (dense layers
// of 32 units, input (32,)) is shown in the stack editor (its tree view, in a shown window);
// one edit changes the units of the layer in the middle through the undo stack, as the
// property editor does, and waits until the model and the view have taken it in (the events
// it posted are processed). Prints the median and the 90th percentile over many edits.
//
// Usage: editbench [--layers N] [--edits N] [--fixed-columns] [--json]
// --fixed-columns: the tree's columns keep their widths instead of resizing to their contents
// (how much of an edit's time the view's measuring of every row takes).
// Run it with QT_QPA_PLATFORM=offscreen, or under Xvfb to include real drawing.

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTreeView>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

#include "ui/commands/changelayer.h"
#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"

using namespace byom;
using namespace byom::ui;

namespace {

struct Options {
    int layers = 200;
    int edits = 400;
    bool json = false;
    bool fixedColumns = false;
};

Options parse(const QStringList& args) {
    Options o;
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QStringLiteral("--layers") && hasValue)
            o.layers = args[++i].toInt();
        else if (a == QStringLiteral("--edits") && hasValue)
            o.edits = args[++i].toInt();
        else if (a == QStringLiteral("--json"))
            o.json = true;
        else if (a == QStringLiteral("--fixed-columns"))
            o.fixedColumns = true;
        else {
            std::cerr << "usage: editbench [--layers N] [--edits N] [--fixed-columns] [--json]\n";
            std::exit(2);
        }
    }
    if (o.layers < 2 || o.edits < 1) {
        std::cerr << "editbench: give at least 2 layers and 1 edit\n";
        std::exit(2);
    }
    return o;
}

Project benchProject(int layers) {
    Project p;
    StackEntry s{"bench", Shape{32}, std::nullopt, {}};
    for (int i = 0; i < layers; ++i)
        s.layers.push_back(LayerSpec::of("dense", {{"units", 32}, {"activation", "relu"}}));
    p.stacks.push_back(std::move(s));
    return p;
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const Options o = parse(app.arguments());
    Document document;
    document.reset(benchProject(o.layers));
    StackModel model(&document);
    StackEditor editor(&document, &model);
    editor.resize(900, 700);
    editor.show();
    QApplication::processEvents();
    if (o.fixedColumns) editor.view()->header()->setSectionResizeMode(QHeaderView::Interactive);

    const int stack = document.currentStackIndex();
    const LayerPath middle = {o.layers / 2};
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < o.edits; ++i) {
        timer.start();
        document.undoStack()->push(
            new ChangeLayer(&document, json(33 + i % 2), {stack, middle, "units"}));
        QApplication::processEvents();
        ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    if (model.index(o.layers / 2, StackModel::ParamsColumn)
            .data()
            .toString()
            .indexOf(QStringLiteral("units=3")) < 0) {
        std::cerr << "editbench: the model does not show the edit\n";
        return 1;
    }
    const double median = percentile(ms, 0.5), p90 = percentile(ms, 0.9);
    if (o.json)
        std::printf("{\"layers\": %d, \"edits\": %d, \"median_ms\": %.3f, \"p90_ms\": %.3f}\n",
                    o.layers, o.edits, median, p90);
    else
        std::printf("%d layers, %d edits of one layer's units: median %.3f ms, p90 %.3f ms\n",
                    o.layers, o.edits, median, p90);
    return 0;
}
