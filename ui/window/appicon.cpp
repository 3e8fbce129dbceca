#include "ui/window/appicon.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace byom::ui {

namespace {

QPixmap paintIcon(int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 64.0, size / 64.0);  // drawn on a 64 x 64 grid
    QLinearGradient background(0, 0, 0, 64);
    background.setColorAt(0, QColor(0x2f, 0x6f, 0xd6));
    background.setColorAt(1, QColor(0x1b, 0x3f, 0x8f));
    p.setPen(Qt::NoPen);
    p.setBrush(background);
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12);
    // Three layers narrowing towards the output, joined by a spine.
    p.setBrush(QColor(0xff, 0xff, 0xff, 235));
    const QRectF layers[] = {{12, 13, 40, 8}, {17, 28, 30, 8}, {23, 43, 18, 8}};
    for (const QRectF& r : layers) p.drawRoundedRect(r, 3, 3);
    p.setPen(QPen(QColor(0xff, 0xc8, 0x3d), 3, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(32, 21), QPointF(32, 28));
    p.drawLine(QPointF(32, 36), QPointF(32, 43));
    return pixmap;
}

}  // namespace

QIcon appIcon() {
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256, 512}) icon.addPixmap(paintIcon(size));
    return icon;
}

}  // namespace byom::ui
