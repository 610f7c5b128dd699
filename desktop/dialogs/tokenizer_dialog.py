"""The tokenizer view: any text (the meeting's transcript by default) as the language
model's tokens, id and text, with the count: why "coconut" may be "c" + "oc" + "onut"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.token_panel import visible
from desktop.workers.tokenizer_jobs import JobKind, TokenizerJobs
from engine import EngineConfig

RECOUNT_DELAY_MS = 300


class TokenTable(QAbstractTableModel):
    HEADERS = ("#", "id", "token")

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[tuple[int, str]] = []

    def set_tokens(self, tokens: list[tuple[int, str]]) -> None:
        self.beginResetModel()
        self.tokens = list(tokens)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.tokens)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        token_id, piece = self.tokens[index.row()]
        return (index.row(), token_id, visible(piece))[index.column()]

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class TokenizerDialog(QDialog):
    def __init__(self, jobs: TokenizerJobs, config: Callable[[], EngineConfig], text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tokenizer: text as the language model reads it")
        self.resize(760, 560)
        self.jobs = jobs
        self.config = config
        self.editor = QPlainTextEdit(text)
        self.editor.setPlaceholderText("Type or paste any text")
        self.table = TokenTable()
        view = QTableView()
        view.setModel(self.table)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
        view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view = view
        self.count = QLabel()
        self.count.setWordWrap(True)
        hint = QLabel("The model never sees letters, only these token ids. ␣ is a space, ↵ a"
                      " new line; a letter split across tokens shows as � in each part.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(view)
        split.setSizes([180, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        layout.addWidget(hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.recount)
        self.editor.textChanged.connect(self._timer.start)
        jobs.tokens_ready.connect(self.on_tokens)
        jobs.failed.connect(self.on_failed)
        self.recount()

    @Slot()
    def recount(self) -> None:
        self._timer.stop()
        self.count.setText("Counting…")
        self.jobs.tokenize(self.editor.toPlainText(), self.config())

    @Slot(str, object)
    def on_tokens(self, text: str, tokens: list) -> None:
        if text != self.editor.toPlainText():
            return  # an older text's answer: a newer count is on its way
        self.table.set_tokens(tokens)
        words = len(text.split())
        per_word = f", {len(tokens) / words:.2f} tokens per word" if words else ""
        self.count.setText(f"<b>{len(tokens):,} tokens</b> for {len(text):,} characters"
                           f" and {words:,} words{per_word}.")

    @Slot(str, str)
    def on_failed(self, kind: str, message: str) -> None:
        if kind == JobKind.TOKENS:
            self.count.setText(f"<span style='color:#b71c1c'>{message}</span>")
