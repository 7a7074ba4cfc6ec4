"""Draws Ranoat's icon (a house with a tick on a green tile) into resources/icons/ (issue #15).

Run once with the project's venv when the drawing changes; the PNG and the Windows .ico it writes are
committed, so a build never needs a display:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF

SIZES = (16, 24, 32, 48, 64, 128, 256)
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    painter.fillPath(tile, QColor("#1f7a4d"))
    white = QColor("#ffffff")
    roof = QPolygonF([QPointF(128 * s, 40 * s), QPointF(222 * s, 124 * s), QPointF(34 * s, 124 * s)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(white))
    painter.drawPolygon(roof)
    painter.drawRect(QRectF(62 * s, 118 * s, 132 * s, 100 * s))
    tick = QPen(QColor("#f2b705"), max(2.0, 24 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(tick)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(QPolygonF([QPointF(92 * s, 168 * s), QPointF(120 * s, 194 * s), QPointF(168 * s, 140 * s)]))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An icon image as a 32-bit DIB (BGRA rows bottom-up, then an all-zero AND mask): every reader,
    NSIS's makensis included, takes these; only the 256-pixel entry is PNG."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = [bytes(argb.constScanLine(y))[: size * 4] for y in reversed(range(size))]
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + b"\0" * (mask_row * size)


def ico(images: list[bytes]) -> bytes:
    """An .ico: header, one directory entry per size, then the images."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    directory = b""
    for size, blob in zip(SIZES, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return header + directory + b"".join(images)


def main() -> int:
    _app = QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    blobs = [dib_bytes(draw(size)) for size in SIZES[:-1]] + [png_bytes(draw(SIZES[-1]))]
    (OUT / "ranoat.png").write_bytes(blobs[-1])
    (OUT / "ranoat.ico").write_bytes(ico(blobs))
    print(OUT / "ranoat.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
