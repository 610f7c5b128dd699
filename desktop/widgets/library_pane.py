"""The Meetings pane: a search box over every meeting (words and meaning), this app
session's jobs (running, queued) and the library, every meeting kept under the data dir
with its date, length, speakers and status, sorted as chosen; Rename, Open folder and
Delete act on the selected one. Search hits replace the list while there is a query; a
click on a meeting or a hit asks for it to be opened (at the hit's moment)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.two_lines import TwoLines
from engine.library import HIGHLIGHT, Entry, Hit
from engine.transcript_io import mmss

SEARCH_AFTER_MS = 300  # typing pauses this long before a search starts
SORTS = {  # label -> (key, newest/longest first)
    "Newest first": (lambda e: (e.created, e.id), True),
    "Oldest first": (lambda e: (e.created, e.id), False),
    "Title A–Z": (lambda e: (e.title.casefold(), e.created), False),
    "Longest first": (lambda e: (e.duration or 0.0, e.created), True),
}
ROLE = Qt.ItemDataRole.UserRole


def entry_text(e: Entry) -> str:
    """A library row: the title, then date · length · status · speakers."""
    when = e.created.replace("T", " ")[:16]
    length = mmss(e.duration) if e.duration is not None else "–"
    who = ", ".join(e.speakers)
    return f"{e.title}\n{when}  ·  {length}  ·  {e.status}" + (f"  ·  {who}" if who else "")


def hit_html(h: Hit) -> str:
    """A search hit: meeting and date, [mm:ss] and speaker, the passage with its matched
    words bold."""
    start, end = (html.escape(m) for m in HIGHLIGHT)
    snippet = re.sub(f"{re.escape(start)}(.+?){re.escape(end)}", r"<b>\1</b>",
                     html.escape(h.snippet))
    where = {"minutes": "minutes", "title": "title"}.get(h.kind, "")
    at = " · ".join(p for p in ((f"[{mmss(h.start)}]" if h.start is not None else ""),
                                where, h.speaker or "",
                                "close in meaning" if h.found_by == "meaning" else "") if p)
    return (f"<b>{html.escape(h.title)}</b> <span style='color:gray'>{h.created[:10]}"
            f"{' · ' + html.escape(at) if at else ''}</span><br>{snippet}")


class EntryModel(QAbstractListModel):
    """The library's meetings for a list view: a model, so that 10,000 meetings are listed
    in milliseconds (an item object per row took 0.3 s on the GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(e)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry_text(e)}\n{e.path}"
        if role == ROLE:
            return str(e.path)
        return None


class LibraryPane(QWidget):
    search_changed = Signal(str)  # the query to search (after a pause in typing); "": none
    entry_activated = Signal(object)  # Entry: open it
    hit_activated = Signal(object)  # Hit: open its meeting at its moment
    rename_requested = Signal(object)  # Entry
    delete_requested = Signal(object)  # Entry
    folder_requested = Signal(object)  # Entry

    def __init__(self, session_list: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        self.session_list = session_list
        self.entries: list[Entry] = []
        self.hits: list[Hit] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_AFTER_MS)
        self._timer.timeout.connect(self._search_now)
        self._connect()
        self._fit_session_list()

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Search all meetings: words or meaning")
        self.search.setClearButtonEnabled(True)
        self.session_label = QLabel("<b>This session</b>")
        self.sort = QComboBox()
        self.sort.addItems(list(SORTS))
        self.count_label = QLabel()
        head = QHBoxLayout()
        head.addWidget(self.count_label, 1)
        head.addWidget(self.sort)
        self.model = EntryModel(self)
        self.list = QListView(objectName="library-list")
        self.list.setModel(self.model)
        self.list.setItemDelegate(TwoLines(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.hit_list = QListWidget(objectName="library-hits")
        self.hit_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.hit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.hit_list)
        self.note = QLabel(wordWrap=True, objectName="library-note")
        self.note.setStyleSheet("color: gray")
        self.note.hide()
        self.rename_button = QPushButton("Rename…")
        self.folder_button = QPushButton("Open folder")
        self.delete_button = QPushButton("Delete…")
        buttons = QHBoxLayout()
        for b in (self.rename_button, self.folder_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.session_label)
        layout.addWidget(self.session_list)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._enable_buttons()

    def _connect(self) -> None:
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._search_now)  # no need to wait for the pause
        self.sort.currentTextChanged.connect(lambda _: self.show_entries(self.entries))
        self.list.activated.connect(self._entry_clicked)
        self.list.clicked.connect(self._entry_clicked)
        self.list.selectionModel().currentRowChanged.connect(self._enable_buttons)
        self.hit_list.itemClicked.connect(self._hit_clicked)
        self.hit_list.itemActivated.connect(self._hit_clicked)
        model = self.session_list.model()
        model.rowsInserted.connect(self._fit_session_list)
        model.rowsRemoved.connect(self._fit_session_list)
        self.rename_button.clicked.connect(lambda: self._act(self.rename_requested))
        self.delete_button.clicked.connect(lambda: self._act(self.delete_requested))
        self.folder_button.clicked.connect(lambda: self._act(self.folder_requested))

    # ---- the library list ---------------------------------------------------------------
    def show_entries(self, entries: list[Entry]) -> None:
        """List ``entries`` in the chosen order, keeping the selected meeting selected."""
        chosen = self.selected()
        key, reverse = SORTS[self.sort.currentText()]
        self.entries = sorted(entries, key=key, reverse=reverse)
        self.model.set_entries(self.entries)
        self._select_row(next((i for i, e in enumerate(self.entries)
                               if chosen is not None and e.path == chosen.path), -1))
        n = len(self.entries)
        self.count_label.setText(f"<b>Library</b> · {n} meeting{'s' if n != 1 else ''}"
                                 if n else "<b>Library</b> · no meetings yet")
        self._enable_buttons()

    def selected(self) -> Entry | None:
        row = self.list.currentIndex().row()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select_path(self, path: Path | None) -> None:
        """Mark the meeting kept in ``path`` as the one shown (None: none of the library's)."""
        self._select_row(next((i for i, e in enumerate(self.entries) if e.path == path), -1))
        self._enable_buttons()

    def _select_row(self, row: int) -> None:
        """Select ``row`` (-1: none) without asking for it to be opened."""
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        if row < 0:
            selection.clear()
        else:
            self.list.setCurrentIndex(self.model.index(row))
        selection.blockSignals(False)
        self.list.viewport().update()

    @Slot(str)
    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    @Slot()
    def _enable_buttons(self, *_args) -> None:
        chosen = self.selected() is not None
        for b in (self.rename_button, self.folder_button, self.delete_button):
            b.setEnabled(chosen)

    @Slot()
    def _fit_session_list(self, *_args) -> None:
        """This session's list only when it has rows (its height: its rows, up to five)."""
        rows = self.session_list.count()
        self.session_list.setVisible(rows > 0)
        self.session_label.setVisible(rows > 0)
        row = self.session_list.sizeHintForRow(0) if rows else 0
        self.session_list.setMaximumHeight(row * min(rows, 5) + 6)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self._act(self.delete_requested)
        else:
            super().keyPressEvent(event)

    def _entry_clicked(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self.entries):
            self.entry_activated.emit(self.entries[row])

    def _act(self, signal) -> None:
        chosen = self.selected()
        if chosen is not None:
            signal.emit(chosen)

    # ---- search -------------------------------------------------------------------------
    @Slot(str)
    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self.hits = []
            self.stack.setCurrentWidget(self.list)
            self.show_note("")
            self.search_changed.emit("")
            return
        self._timer.start()

    @Slot()
    def _search_now(self) -> None:
        self._timer.stop()
        if not self.search.text().strip():
            return
        self.show_note("Searching…")
        self.search_changed.emit(self.search.text().strip())

    def show_hits(self, query: str, hits: list[Hit], note: str = "") -> None:
        """The hits of ``query`` (dropped when the box holds another query by now)."""
        if query != self.search.text().strip():
            return
        self.hits = hits
        self.hit_list.clear()
        # the visible list's width: the hit list may be hidden, its own size stale
        width = max(160, self.stack.currentWidget().viewport().width() - 4)
        for h in hits:
            item = QListWidgetItem()
            label = QLabel(hit_html(h), wordWrap=True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(4, 3, 4, 3)
            doc = QTextDocument()
            doc.setDefaultFont(label.font())
            doc.setHtml(hit_html(h))
            doc.setTextWidth(width - 8)
            item.setSizeHint(QSize(width, int(doc.size().height()) + 8))
            self.hit_list.addItem(item)
            self.hit_list.setItemWidget(item, label)
        self.stack.setCurrentWidget(self.hit_list)
        found = f"{len(hits)} hit{'s' if len(hits) != 1 else ''}" if hits else \
            f"Nothing found for “{query}”."
        self.show_note(found + (f" {note}" if note else ""))

    def _hit_clicked(self, item: QListWidgetItem) -> None:
        row = self.hit_list.row(item)
        if 0 <= row < len(self.hits):
            self.hit_activated.emit(self.hits[row])
