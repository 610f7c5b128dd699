"""A list row of two lines: the first bold (a meeting's title, an item's task), the second
quieter (its details), each cut with "…" to the row's width; check boxes, selection and
the item's own font (struck out when done) as the style draws them. Cheaper than a widget
per row, so a library of thousands of meetings lists quickly."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD = 4


class TwoLines(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        # the item's own text: the option's has its line break made a U+2028 separator
        first, _, second = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        opt.text = ""
        style = opt.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect = rect.adjusted(PAD, PAD - 1, -PAD, -PAD)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.save()
        for font, text, dim, top in ((bold, first, False, 0),
                                     (opt.font, second, True, QFontMetrics(bold).height())):
            metrics = QFontMetrics(font)
            colour = opt.palette.color(group)
            if dim and not selected:
                colour = opt.palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(rect.left(), rect.top() + top + metrics.ascent(),
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        height = option.fontMetrics.height()
        return QSize(100, 2 * height + 2 * PAD + 2)
