"""Draw Minutia's icon (a page of minutes over a sound wave) into assets/icons/.

Run once when the design changes: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
packaging/make_icon.py``; the PNG (Linux, the .desktop file, the window) and the ICO (Windows)
are committed.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2f5d8a"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QColor("#f7f4ec"))
    p.drawRoundedRect(QRectF(60 * s, 36 * s, 136 * s, 150 * s), 12 * s, 12 * s)
    p.setPen(QPen(QColor("#2f5d8a"), 10 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for i, width in enumerate((96, 80, 96, 60)):
        y = (70 + 28 * i) * s
        p.drawLine(QPointF(80 * s, y), QPointF((80 + width) * s, y))
    wave = QPainterPath(QPointF(36 * s, 214 * s))
    for x in range(36, 221, 2):
        envelope = math.sin(math.pi * (x - 36) / 184)
        wave.lineTo(x * s, (214 - 16 * envelope * math.sin(x / 6.0)) * s)
    p.setPen(QPen(QColor("#f2b134"), 9 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(wave)
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    ok = draw(256).save(str(OUT / "minutia.png"))
    ok &= draw(256).save(str(OUT / "minutia.ico"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
