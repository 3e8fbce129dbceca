#include <QApplication>
#include <QCommandLineParser>

#include "ui/window/mainwindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BYOM Studio"));
    QApplication::setOrganizationName(QStringLiteral("BYOM"));
    QApplication::setApplicationVersion(QStringLiteral(BYOM_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Design, train and export small neural networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("A .byom project to open."));
    parser.process(app);
    byom::ui::MainWindow window;
    window.show();
    // Unsaved work from a session that crashed comes first; otherwise the project asked for.
    if (!window.offerRecovery() && !parser.positionalArguments().isEmpty())
        window.openProject(parser.positionalArguments().first());
    return QApplication::exec();
}
