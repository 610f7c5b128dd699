"""Minutes to PDF with Qt's own PDF writer: the same HTML as the preview, a title-and-date
header and "Page n of N" on every page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from engine import OutputError
from engine.export import minutes_html

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def export_pdf(markdown_text: str, path: Path, *, title: str, day: date,
               page_size: str = "A4") -> int:
    """Write the minutes to ``path``; returns the number of pages.

    Raises:
        OutputError: the file cannot be written.
    """
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAGE_SIZES[page_size]))
    writer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("Minutia")
    dpi = writer.resolution()
    page = writer.pageLayout().paintRectPixels(dpi)
    band = dpi * 0.35  # header and footer height: about 9 mm

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # lay out text at the PDF's resolution
    doc.setDefaultFont(QFont("DejaVu Sans", 11))
    doc.setHtml(minutes_html(markdown_text))
    body = QRectF(0, band, page.width(), page.height() - 2 * band)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise OutputError(f"Cannot write the PDF to {path}")
    small = QFont("DejaVu Sans", 8)
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            painter.setFont(small)
            painter.setPen(Qt.GlobalColor.darkGray)
            painter.drawText(QRectF(0, 0, page.width(), band * 0.7),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            painter.drawText(QRectF(0, 0, page.width(), band * 0.7),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             day.strftime("%d %B %Y"))
            painter.drawLine(0, int(band * 0.75), int(page.width()), int(band * 0.75))
            painter.drawText(QRectF(0, page.height() - band * 0.7, page.width(), band * 0.7),
                             Qt.AlignmentFlag.AlignCenter, f"Page {i + 1} of {pages}")
            painter.save()
            painter.translate(body.left(), body.top() - i * body.height())
            doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
            painter.restore()
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise OutputError(f"Cannot write the PDF to {path}")
    return pages
