// byom --help and every command's help, run as a real process: the commands listed, each
// one's usage and example, only options it takes, and nothing run.

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include "support/cliprocess.h"

class TestCliHelp : public QObject {
    Q_OBJECT

    using Run = byom::test::CliRun;

    static Run byom(const QStringList& args) { return byom::test::runCli(args); }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void helpListsEveryCommand() {
        for (const QStringList& args :
             {QStringList{QStringLiteral("--help")}, QStringList{QStringLiteral("-h")},
              QStringList{QStringLiteral("help")}}) {
            const Run r = byom(args);
            QCOMPARE(r.code, 0);
            QVERIFY(r.err.isEmpty());
            // The commands are the lines indented by two spaces under "commands:".
            const QString list = r.out.section(QStringLiteral("commands:\n"), 1)
                                     .section(QStringLiteral("\n\n"), 0, 0);
            QSet<QString> listed;
            for (const QString& line : list.split(QLatin1Char('\n')))
                if (line.startsWith(QStringLiteral("  ")) && line.size() > 2 && line[2] != u' ')
                    listed.insert(line.mid(2).section(QLatin1Char(' '), 0, 0));
            const QStringList all = byom::test::cliCommands();
            QCOMPARE(listed, QSet<QString>(all.begin(), all.end()));
            QVERIFY(r.out.contains(QStringLiteral("--help")));
        }
    }

    void everyCommandAnswersHelp_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("flag");
        for (const QString& c : byom::test::cliCommands())
            for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")})
                QTest::newRow(qPrintable(c + QLatin1Char(' ') + flag)) << c << flag;
    }

    void everyCommandAnswersHelp() {
        QFETCH(QString, command);
        QFETCH(QString, flag);
        const Run r = byom({command, flag});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        // Its own usage, what it does, and an example of it.
        QVERIFY2(r.out.startsWith(QStringLiteral("usage: byom ") + command), qPrintable(r.out));
        QVERIFY2(r.out.count(QLatin1Char('\n')) >= 5, qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\nexample")), qPrintable(r.out));
        const QString example = r.out.section(QStringLiteral("\nexample"), 1);
        QVERIFY2(example.contains(QStringLiteral("  byom ") + command), qPrintable(r.out));
        // The same text with the other flag, after other arguments, and as `byom help CMD`;
        // nothing runs (train would need --out, data a spec).
        QCOMPARE(byom({command, flag == QStringLiteral("-h") ? QStringLiteral("--help")
                                                             : QStringLiteral("-h")})
                     .out,
                 r.out);
        QCOMPARE(byom({command, QStringLiteral("--bogus"), QStringLiteral("x"), flag}).out, r.out);
        QCOMPARE(byom({QStringLiteral("help"), command}).out, r.out);
    }

    void helpMentionsOnlyOptionsTheCommandTakes() {
        // Every --option in a command's help is one the command accepts.
        const QRegularExpression option(QStringLiteral("--[a-z][a-z0-9-]*"));
        for (const QString& command : byom::test::cliCommands()) {
            const QString help = byom({command, QStringLiteral("--help")}).out;
            QSet<QString> seen;
            for (const auto& m : option.globalMatch(help)) {
                const QString o = m.captured();
                if (o == QStringLiteral("--help") || seen.contains(o)) continue;
                seen.insert(o);
                const Run r = byom({command, o});
                QVERIFY2(!r.err.contains(QStringLiteral("unknown option")),
                         qPrintable(command + QLatin1Char(' ') + o + QStringLiteral(": ") + r.err));
            }
            if (command == QStringLiteral("train")) QVERIFY(seen.size() >= 15);
        }
    }

    void helpRunsNothing() {
        const QString out = m_dir.filePath(QStringLiteral("help-run"));
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--project"),
                            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                            QStringLiteral("--out"), out, QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("usage: byom train")));
        QVERIFY(!QDir(out).exists());
        const Run unknown = byom({QStringLiteral("help"), QStringLiteral("trian")});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("did you mean 'train'")),
                 qPrintable(unknown.err));
    }
};

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_clihelp.moc"
