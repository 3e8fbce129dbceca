#include <QApplication>

#include "ui/screenshotter.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QString out =
        argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    const QString csv = QStringLiteral(BYOM_SOURCE_DIR "/tests/data/csv/iris.csv");
    return byom::ui::Screenshotter(out, csv).run() > 0 ? 0 : 1;
}
