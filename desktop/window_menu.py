"""The main window's actions: the toolbar, the Recording toolbar row, the File, Meeting and
Help menus, and which actions are enabled for the meeting shown. What an action does is
connected by the window (desktop/main_window.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from desktop.dialogs.about_dialog import AboutDialog
from desktop.meeting import Meeting


class WindowMenu(QObject):
    def __init__(self, window: QMainWindow, record_bar: QWidget) -> None:
        super().__init__(window)
        self._create_actions(window)
        self._add_toolbars(window, record_bar)
        self._add_menus(window)

    def _create_actions(self, window: QMainWindow) -> None:
        self.import_files = QAction("Import…", window, shortcut="Ctrl+O")
        self.cancel = QAction("Cancel", window, shortcut="Esc")
        self.regenerate = QAction("Regenerate minutes", window, shortcut="Ctrl+R")
        self.edit_markdown = QAction("Edit Markdown", window, checkable=True, shortcut="Ctrl+E")
        self.lens = QAction("Token Lens", window, checkable=True, shortcut="Ctrl+L")
        self.lens.setToolTip("See how the minutes were written, one token at a time:"
                             " how likely each token was, and what else it could have been")
        self.changes = QAction("Show changes", window, checkable=True, shortcut="Ctrl+D")
        self.changes.setToolTip("The minutes against their version before the last"
                                " regenerate, word by word")
        self.tokenizer = QAction("Tokenizer…", window, shortcut="Ctrl+T")
        self.export_md = QAction("Export Markdown…", window, shortcut="Ctrl+S")
        self.export_pdf = QAction("Export PDF…", window, shortcut="Ctrl+P")
        self.export_txt = QAction("Export transcript (.txt)…", window)
        self.export_srt = QAction("Export transcript (.srt)…", window)
        self.settings = QAction("Settings…", window, shortcut="Ctrl+,")
        self.quit = QAction("Quit", window, shortcut="Ctrl+Q")
        self.log_folder = QAction("Open log folder", window)
        self.about = QAction("About Minutia", window)
        # Opened here (one modal dialog, nothing of the window's state): desktop/dialogs/about_dialog.py
        self.about.triggered.connect(lambda: AboutDialog(window).exec())

    def _add_toolbars(self, window: QMainWindow, record_bar: QWidget) -> None:
        tb = QToolBar("Main")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        window.addToolBar(tb)
        for action in (self.import_files, self.cancel, self.regenerate, self.edit_markdown,
                       self.lens, self.export_md, self.export_pdf, self.settings):
            tb.addAction(action)
        # Recording gets a row of its own: beside the actions it overflowed at 1280 px.
        window.addToolBarBreak()
        record_tb = QToolBar("Recording")
        record_tb.setMovable(False)
        record_tb.addWidget(record_bar)
        window.addToolBar(record_tb)

    def _add_menus(self, window: QMainWindow) -> None:
        file_menu = window.menuBar().addMenu("&File")
        for action in (self.import_files, self.export_md, self.export_pdf, self.export_txt,
                       self.export_srt):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        meeting_menu = window.menuBar().addMenu("&Meeting")
        for action in (self.cancel, self.regenerate, self.edit_markdown, self.lens, self.changes,
                       self.tokenizer, self.settings):
            meeting_menu.addAction(action)
        help_menu = window.menuBar().addMenu("&Help")
        help_menu.addAction(self.log_folder)
        help_menu.addAction(self.about)

    def enable_for(self, meeting: Meeting | None, *, busy: bool, rewritable: bool) -> None:
        """What may be done now with ``meeting`` (the one shown): ``busy`` while a job runs,
        ``rewritable`` when its minutes can be written again."""
        self.cancel.setEnabled(busy)
        self.regenerate.setEnabled(rewritable)
        self.changes.setEnabled(meeting is not None and meeting.previous_minutes is not None)
        for action in (self.export_md, self.export_pdf):
            action.setEnabled(meeting is not None)
        for action in (self.export_txt, self.export_srt):
            action.setEnabled(meeting is not None and meeting.transcript is not None)
