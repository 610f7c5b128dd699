"""The Insights tab beside the transcript: talk time per speaker, chapters, key terms, names,
dates, amounts and tone, each a link to the moment it was said."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtWidgets import QTextBrowser, QWidget

from engine.export import minutes_html
from engine.insights import Insights, markdown


class InsightsView(QTextBrowser):
    time_clicked = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insights")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.show_insights(None)

    def show_insights(self, found: Insights | None, names: Mapping[int, str] | None = None
                      ) -> None:
        """``names``: the speakers' names (none: "Speaker N")."""
        if found is None:
            self.setHtml(minutes_html("_Insights appear when a meeting's transcript is complete._"))
            return
        self.setHtml(minutes_html(markdown(found, names), links=True))

    @Slot(QUrl)
    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "t":
            self.time_clicked.emit(float(url.path()))
