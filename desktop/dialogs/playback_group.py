"""The Playback part of Settings: the output the play bar plays through, by name (PortAudio's
device numbers change as devices come and go), the same choice as the play bar's speaker
menu; "" is the system's default."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from engine.audio.devices import list_output_devices
from engine.errors import MinutiaError


class PlaybackGroup(QGroupBox):
    """Lists the outputs PortAudio offers, with ``chosen`` selected (kept, marked, when it is
    not connected now); ``output()`` is the name picked."""

    def __init__(self, chosen: str = "", parent: QWidget | None = None, *, list_outputs=None
                 ) -> None:
        super().__init__("Playback", parent)
        self.outputs = QComboBox()
        self.outputs.addItem("System default", "")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666")
        self.note.hide()
        try:
            names = list(dict.fromkeys(d.name for d in (list_outputs or list_output_devices)()))
        except MinutiaError as e:
            names = []
            self.note.setText(str(e))
            self.note.show()
        for name in names:
            self.outputs.addItem(name, name)
        if chosen and chosen not in names:
            self.outputs.addItem(f"{chosen} (not connected now)", chosen)
        self.outputs.setCurrentIndex(max(0, self.outputs.findData(chosen)))
        form = QFormLayout(self)
        form.addRow("Play through", self.outputs)
        form.addRow("", self.note)

    def output(self) -> str:
        return str(self.outputs.currentData() or "")
